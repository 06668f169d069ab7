#pragma once
// The console report, rendered from report.json (docs/report.md) so that
// `exp run`, `exp show` and the REPL print exactly the same thing. Two
// sections keep apart what the tool is about: hyperparameters (how the model
// learned) and parameters (what it learned), then generalization on the
// held-out test split.
#include <string>

#include <nlohmann/json.hpp>

namespace xp::cli {

struct ReportOptions {
  int top_k = 5;          // rows of the best-trials table
  bool color = false;     // bold headings (a terminal without NO_COLOR)
  std::string run_dir;    // the run folder, for the closing "saved" line; "" = omit
};

std::string render_console_report(const nlohmann::json& report, const ReportOptions& options = {});

// The pieces, for the REPL (`:hypers`, `:trials`, `:params`).
std::string render_hypers_section(const nlohmann::json& report, const ReportOptions& options = {});
std::string render_trials_table(const nlohmann::json& report, const ReportOptions& options = {});
std::string render_params_section(const nlohmann::json& report, const ReportOptions& options = {});
std::string render_test_section(const nlohmann::json& report, const ReportOptions& options = {});

}  // namespace xp::cli
