// `exp runs [FOLDER]`: a table of the run folders under FOLDER (default
// runs/) read from their report.json: script, date, seed, data, best
// objective, test metrics, duration — one row per model the run trained.
// --sort, --filter, --json.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/report_file.h"
#include "cli/runs/run_filter.h"
#include "cli/runs/run_summary.h"
#include "cli/shown_path.h"
#include "cli/table.h"
#include "cli/terminal.h"
#include "runtime/report/format.h"

namespace xp::cli {
namespace {

using nlohmann::json;

struct RunsOptions {
  std::string folder = "runs";
  std::string sort;                  // a field (run_summary.h); "" = by folder
  bool reverse = false;
  std::vector<std::string> filters;  // KEY=VALUE, KEY>=NUMBER, …; all must hold
  bool json = false;
};

std::string text_of(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return rt::report::format_measure(v.get<double>());
  return v.dump();
}

// "2026-11-27T01:02:03Z" → "2026-11-27 01:02".
std::string short_date(const json& created) {
  if (!created.is_string()) return "";
  std::string s = created.get<std::string>();
  if (s.size() >= 16 && s[10] == 'T') return s.substr(0, 10) + " " + s.substr(11, 5);
  return s;
}

// The test metrics any listed run has, in first-seen order (a classifier's
// and a regressor's differ: both sets of columns, blank where absent).
std::vector<std::string> test_metric_names(const std::vector<json>& runs) {
  std::vector<std::string> names;
  for (const auto& r : runs) {
    const json& test = rt::report::get(rt::report::get(r, "metrics"), "test");
    if (!test.is_object()) continue;
    for (const auto& [name, value] : test.items())
      if (value.is_number() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

std::string render_runs_table(const std::vector<json>& runs) {
  auto metrics = test_metric_names(runs);
  using A = Table::Align;
  std::vector<Table::Column> cols = {{"run", A::Left},  {"script", A::Left}, {"created", A::Left}, {"seed", A::Right},
                                     {"model", A::Left}, {"data", A::Left},   {"best", A::Right},   {"objective", A::Left}};
  for (const auto& m : metrics) cols.push_back({"test." + m, A::Right});
  cols.push_back({"duration", A::Right});
  Table table(cols);
  for (const auto& r : runs) {
    std::string model = text_of(summary_field(r, "model"));
    if (r.contains("model_number")) model += fmt::format(" ({} of {})", r["model_number"].get<int>(), r["models"].get<int>());
    std::string data = text_of(summary_field(r, "data.name"));
    std::string digest = text_of(summary_field(r, "data.digest"));
    if (!digest.empty()) data += " " + digest;
    const json& best = rt::report::get(r, "best");
    std::string objective;
    if (best.is_object()) {
      std::string dir = text_of(rt::report::get(best, "direction"));
      objective = (dir == "maximize" ? "max " : dir == "minimize" ? "min " : "") + text_of(rt::report::get(best, "objective"));
    }
    std::vector<std::string> row = {text_of(r["run"]), shown_path(text_of(summary_field(r, "script"))),
                                    short_date(summary_field(r, "created")),
                                    text_of(summary_field(r, "seed")), model, data, text_of(summary_field(r, "best")), objective};
    for (const auto& m : metrics) row.push_back(text_of(summary_field(r, "test." + m)));
    json seconds = summary_field(r, "duration");
    row.push_back(seconds.is_number() ? rt::report::format_seconds(seconds.get<double>()) : "");
    table.row(std::move(row));
  }
  return table.render(0, Style{Terminal::detect(stdout).color});
}

// Numbers before text, text in byte order, absent last; ties keep folder order.
bool field_less(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return !a.is_null() && b.is_null();
  if (a.is_number() != b.is_number()) return a.is_number();
  if (a.is_number()) return a.get<double>() < b.get<double>();
  return text_of(a) < text_of(b);
}

int list_runs(const RunsOptions& o) {
  std::error_code ec;
  if (!std::filesystem::is_directory(o.folder, ec)) {
    fmt::print(stderr, "error: {} is not a folder\n  help: `exp runs FOLDER` lists the run folders `exp run --out` wrote under it\n",
               o.folder);
    return kExitUsage;
  }
  std::vector<RunFilter> filters;
  for (const auto& text : o.filters) {
    std::string error;
    auto f = parse_run_filter(text, error);
    if (!f) {
      fmt::print(stderr, "error: --filter {}: {}\n  help: for example --filter script=examples/iris.exp, "
                         "--filter test.accuracy>=0.9\n", text, error);
      return kExitUsage;
    }
    filters.push_back(*f);
  }
  std::vector<json> runs;
  for (const auto& folder : find_run_folders(o.folder)) {
    std::string error;
    auto report = load_report(folder, error);
    if (!report) {
      fmt::print(stderr, "warning: skipped {}: {}\n", folder, error);
      continue;
    }
    // Named relative to FOLDER, as the user would type it after `exp show FOLDER/`.
    std::string name = std::filesystem::path(folder).lexically_relative(o.folder).string();
    for (json& s : summarize_run_models(name.empty() ? folder : name, *report)) {  // one row per model
      s["path"] = folder;
      if (std::all_of(filters.begin(), filters.end(), [&s](const RunFilter& f) { return f.matches(s); }))
        runs.push_back(std::move(s));
    }
  }
  if (!o.sort.empty()) {
    std::stable_sort(runs.begin(), runs.end(), [&o](const json& a, const json& b) {
      return field_less(summary_field(a, o.sort), summary_field(b, o.sort));
    });
  }
  if (o.reverse) std::reverse(runs.begin(), runs.end());
  if (o.json) {
    fmt::print("{}\n", json(runs).dump(2));
    return kExitOk;
  }
  if (runs.empty()) {
    fmt::print("no run folders under {}{}\n", o.folder, filters.empty() ? "" : " match the filters");
    return kExitOk;
  }
  fmt::print("{}", render_runs_table(runs));
  return kExitOk;
}

}  // namespace

CommandRun define_runs(CLI::App& cmd) {
  auto o = std::make_shared<RunsOptions>();
  cmd.add_option("FOLDER", o->folder, "Where the run folders are (default runs)");
  cmd.add_option("--sort", o->sort, "Sort by a field: created, script, seed, best, duration, test.accuracy, hypers.lr, ...")
      ->type_name("FIELD");
  cmd.add_flag("-r,--reverse", o->reverse, "Reverse the order (largest first)");
  cmd.add_option("--filter", o->filters, "Keep runs where FIELD=TEXT, or FIELD>=NUMBER (also > < <= !=); repeatable")
      ->type_name("CONDITION")->allow_extra_args(false);
  cmd.add_flag("--json", o->json, "Print the runs as JSON");
  return [o](const CLI::App&) { return list_runs(*o); };
}

}  // namespace xp::cli
