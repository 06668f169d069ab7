// `exp run FILE`: compile, then train/tune/report through the runtime
// (runtime/run/run.h), with live progress, Ctrl-C handling, the console
// report and report.html in the run folder.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "base/json_text.h"
#include "cli/console_report.h"
#include "cli/diagnostic_output.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/terminal.h"
#include "cli/validators.h"
#include "cli/version.h"
#include "compiler/driver.h"
#include "runtime/run/run.h"
#include "runtime/store/open_store.h"
#include "stdlib/csv_table.h"

namespace xp::cli {
namespace {

// "lr=0.01" → ("lr", "0.01"); the runtime checks the name and parses the value.
bool split_overrides(const std::vector<std::string>& sets, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& s : sets) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      fmt::print(stderr, "error: --set expects NAME=VALUE, got `{}`\n  help: for example --set lr=0.01\n", s);
      return false;
    }
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return true;
}

// Flag combinations that cannot run, as a usage error; "" when fine.
std::string usage_problem(const RunOptions& o) {
  if ((o.worker || !o.study.empty()) && o.storage.empty())
    return "--worker and --study need --storage URL, the store the study is shared through";
  if (!o.storage.empty() && !rt::known_store_url(o.storage))
    return fmt::format("--storage {} is neither postgresql://… nor sqlite:///path", o.storage);
  if (o.resume && o.out.empty() && o.storage.empty())
    return "--resume needs --out DIR, the run folder whose study to continue";
  return "";
}

// The runtime's options from the command line's (overrides are split by the caller).
void fill_runtime_options(const RunOptions& o, rt::RunOptions& ro) {
  ro.seed = o.seed;
  ro.out_dir = o.out;
  ro.trials = o.trials;
  ro.parallel = o.parallel;
  ro.resume = o.resume;
  ro.storage = o.storage;
  ro.study = o.study;
  ro.worker = o.worker;
  ro.force = o.force;
  ro.export_splits_dir = o.export_splits;
  ro.exp_version = version();
}

// The console report of every model (the run folder's line once, after the
// last), or the report as JSON on standard output with --json.
void print_reports(const RunOptions& o, const rt::RunResult& result) {
  if (o.json && !result.report.is_null()) {
    fmt::print("{}\n", json_text(result.report, 2));
  } else if (!o.quiet) {
    ReportOptions options;
    options.color = Terminal::detect(stdout).color;
    const auto& reports = result.model_reports.empty() ? std::vector<nlohmann::json>{result.report} : result.model_reports;
    for (size_t i = 0; i < reports.size(); ++i) {
      if (reports[i].is_null()) continue;
      options.run_dir = i + 1 < reports.size() ? "" : result.out_dir;
      fmt::print("{}{}", i ? "\n" : "", render_console_report(reports[i], options));
    }
  }
  std::fflush(stdout);
}

int exit_code(const rt::RunResult& result) {
  switch (result.status) {
    case rt::RunStatus::UserError:
      return kExitUsage;
    case rt::RunStatus::Failed:
      fmt::print(stderr, "error: the run failed: {}\n", result.failure);
      return kExitRunFailed;
    case rt::RunStatus::Interrupted:
      fmt::print(stderr, "interrupted: {}\n", result.failure.empty() ? "stopped by Ctrl-C" : result.failure);
      return kExitInterrupted;
    default:
      return kExitOk;
  }
}

int run_script(const RunOptions& o) {
  if (std::string problem = usage_problem(o); !problem.empty()) {
    fmt::print(stderr, "error: {}\n", problem);
    return kExitUsage;
  }
  rt::RunOptions ro;
  if (!split_overrides(o.sets, ro.overrides)) return kExitUsage;

  stdlib::csv::reuse_reads(true);  // the check's look at a CSV file is the load's read (stdlib/csv_table.h)
  CompileResult compiled = compile_file(o.file);
  print_diagnostics(compiled.diags, &compiled.sources);
  if (!compiled.ok() || !compiled.ir) return kExitUsage;
  size_t printed = compiled.diags.all().size();

  std::unique_ptr<ConsoleProgress> progress;
  if (!o.quiet) progress = ConsoleProgress::for_stderr();
  InterruptGuard interrupt;
  fill_runtime_options(o, ro);
  ro.progress = progress.get();
  ro.stop = interrupt.flag();
  // With --json, standard output holds the report and nothing else, so that
  // it parses: the script's `print` lines go to standard error instead.
  std::FILE* print_to = o.json ? stderr : stdout;
  ro.print = [&](const std::string& line) {
    if (progress) progress->finish();
    fmt::print(print_to, "{}\n", line);
    std::fflush(print_to);
  };

  rt::RunResult result = rt::run_program(*compiled.ir, ro, compiled.diags);
  if (progress) progress->finish();
  print_diagnostics(compiled.diags, &compiled.sources, printed);
  if (result.status != rt::RunStatus::UserError) print_reports(o, result);
  return exit_code(result);
}

}  // namespace

CommandRun define_run(CLI::App& cmd) {
  auto o = std::make_shared<RunOptions>();
  cmd.add_option("FILE", o->file, "The .exp script")->required();
  cmd.add_option("--set", o->sets, "Fix a hyperparameter (repeatable): --set lr=0.01")
      ->type_name("NAME=VALUE")->allow_extra_args(false);
  cmd.add_option("--trials", o->trials, "Trial budget for every tune block")->type_name("N")->check(positive_count());
  cmd.add_option("--parallel", o->parallel, "Trials run at once (default: the tune block's, else the cores)")
      ->type_name("N")->check(positive_count());
  cmd.add_option("--seed", o->seed, "Seed for the whole run (overrides the script's `seed`)")
      ->type_name("N")->check(seed_number());
  cmd.add_option("--out", o->out, "Run folder (default runs/<script>-<YYYYMMDD-HHMMSS>)")->type_name("DIR");
  cmd.add_flag("--resume", o->resume, "Continue the study saved in --out DIR");
  cmd.add_option("--storage", o->storage, "Share the study with other exp processes: postgresql://… or sqlite:///path")
      ->type_name("URL");
  cmd.add_option("--study", o->study, "The study's name in --storage (default: the script's)")->type_name("NAME");
  cmd.add_flag("--worker", o->worker, "With --storage: run trials only, no refit and no report");
  cmd.add_flag("--force", o->force, "Replace the earlier run in --out DIR (refused otherwise)");
  cmd.add_flag("-q,--quiet", o->quiet, "No progress and no report; errors only");
  cmd.add_flag("--json", o->json, "Print report.json on standard output instead of the console report");
  cmd.add_option("--export-splits", o->export_splits,
                 "Also write each data set's train/val/test rows, as trained on (after scaling), as CSVs in DIR")
      ->type_name("DIR");
  return [o](const CLI::App&) { return run_script(*o); };
}

}  // namespace xp::cli
