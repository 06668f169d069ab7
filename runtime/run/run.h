#pragma once
// `exp run` as a library: a checked, lowered Program in, a run folder and a
// RunResult out. The CLI (`exp run`) and the REPL call `run_program`; neither
// trains anything itself.
//
//   prepare data ─▶ per train spec ─┬─ searched hypers + tune block → study (study.db)
//                                   │      → refit the best → test once
//                                   └─ otherwise → train once with fixed hypers → test once
//                ─▶ run folder: report.json, model.expm, trials.csv, script.exp
//
// Black-box `tune { minimize = expr }` runs its study without data or model.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/core/progress.h"

namespace xp::rt {

struct RunOptions {
  // `--set name=value`, as the user typed them. A name must be a declared
  // hyper; the value is parsed like a script literal (16, 0.01, relu, "text")
  // and fixes the hyper (a searched hyper set this way is no longer searched).
  // Unknown names and unparsable values are diagnostics (exit code 2).
  std::vector<std::pair<std::string, std::string>> overrides;
  std::optional<uint64_t> seed;       // --seed: overrides the script's `seed`
  std::string out_dir;                // --out; "" = runs/<script>-<YYYYMMDD-HHMMSS>/ under the working folder
  std::optional<int> trials;          // --trials: overrides every tune block's budget
  std::optional<int> parallel;        // --parallel: overrides every tune block's `parallel`
  bool resume = false;                // --resume: continue the study in <out_dir>/study.db (or in --storage)
  std::string storage;                // --storage URL: a study store shared with other processes (docs/distributed.md)
  std::string study;                  // --study NAME: the study's name there (default: the block's study name)
  bool worker = false;                // --worker: run trials only; no refit, no report
  bool force = false;                 // --force: replace the earlier run in out_dir (refused otherwise, E0910)
  std::string export_splits_dir;      // --export-splits: debug; writes train/val/test CSVs (scaled) for the reference benchmarks
  std::string exp_version;            // written to report.json ("exp_version"); the CLI passes cli::version()
  Progress* progress = nullptr;       // null = no progress (--quiet)
  // `print` statements write here, one call per line (without '\n');
  // null = standard output.
  std::function<void(const std::string&)> print;
  // Set from another thread (Ctrl-C): trials wrap up, the study stops, what
  // finished is reported. Checked between mini-batches.
  const std::atomic<bool>* stop = nullptr;
};

enum class RunStatus {
  Ok,           // everything ran; the report is complete
  UserError,    // diagnostics explain (bad --set, data error, graph error …); exit code 2
  Failed,       // training failed (NaN/Inf …) with no usable model; `failure` says why; exit code 1
  Interrupted,  // stopped by `stop`; the report holds what finished; exit code 130
};

struct RunResult {
  RunStatus status = RunStatus::Ok;
  int exit_code = 0;             // 0 / 2 / 1 / 130 as above
  std::string failure;           // Failed / Interrupted: one line for the user
  std::string out_dir;           // the run folder (absolute)
  std::string report_path;       // <out_dir>/report.json ("" if not written)
  std::string model_path;        // <out_dir>/model.expm ("" if no model was trained)
  std::vector<std::string> saved_to;  // extra folders written by `report { save "…" }`
  nlohmann::json report;         // the content of report.json (schema exp.report/2, docs/report.md)
  // One report per train block and black-box study, in order. report.json
  // holds the last at its top level and, when there are several, all of
  // them under `models` (report::run_report).
  std::vector<nlohmann::json> model_reports;
};

// Runs the whole program. Never throws for user mistakes: they go to `diags`
// and give RunStatus::UserError. Internal bugs propagate as exceptions.
RunResult run_program(const ir::Program& program, const RunOptions& options, Diagnostics& diags);

// runs/<stem>-<YYYYMMDD-HHMMSS> for a script path, at the current local time.
std::string default_out_dir(const std::string& script_path);

}  // namespace xp::rt
