// `exp run FILE`: compile, then train/tune/report through the runtime
// (runtime/run/run.h), with live progress, Ctrl-C handling, the console
// report and report.html in the run folder.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "base/json_text.h"
#include "cli/console_report.h"
#include "cli/diagnostic_output.h"
#include "cli/exit_codes.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/terminal.h"
#include "cli/version.h"
#include "compiler/driver.h"
#include "runtime/run/run.h"

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

}  // namespace

int cmd_run(const RunOptions& o) {
  if (o.resume && o.out.empty()) {
    fmt::print(stderr, "error: --resume needs --out DIR, the run folder whose study to continue\n");
    return kExitUsage;
  }
  rt::RunOptions ro;
  if (!split_overrides(o.sets, ro.overrides)) return kExitUsage;

  CompileResult compiled = compile_file(o.file);
  print_diagnostics(compiled.diags, &compiled.sources);
  if (!compiled.ok() || !compiled.ir) return kExitUsage;
  size_t printed = compiled.diags.all().size();

  std::unique_ptr<ConsoleProgress> progress;
  if (!o.quiet) progress = ConsoleProgress::for_stderr();
  InterruptGuard interrupt;
  ro.seed = o.seed;
  ro.out_dir = o.out;
  ro.trials = o.trials;
  ro.parallel = o.parallel;
  ro.resume = o.resume;
  ro.force = o.force;
  ro.export_splits_dir = o.export_splits;
  ro.exp_version = version();
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

  if (result.status == rt::RunStatus::UserError) return kExitUsage;
  if (o.json && !result.report.is_null()) {
    fmt::print("{}\n", json_text(result.report, 2));
  } else if (!o.quiet) {
    ReportOptions ro_report;
    ro_report.color = Terminal::detect(stdout).color;
    ro_report.run_dir = result.out_dir;
    const auto& reports = result.model_reports.empty() ? std::vector<nlohmann::json>{result.report} : result.model_reports;
    for (size_t i = 0; i < reports.size(); ++i) {
      if (reports[i].is_null()) continue;
      if (i + 1 < reports.size()) ro_report.run_dir.clear();  // the folder line once, at the end
      else ro_report.run_dir = result.out_dir;
      fmt::print("{}{}", i ? "\n" : "", render_console_report(reports[i], ro_report));
    }
  }
  std::fflush(stdout);
  switch (result.status) {
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

}  // namespace xp::cli
