// `exp show RUN_DIR`: re-print a saved run's report (or its JSON), or
// re-render its report.html. `exp show --storage URL`: a study straight from
// a study store (cli/stored_study.h).
#include <cstdio>

#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/console_report.h"
#include "cli/exit_codes.h"
#include "cli/report_file.h"
#include "cli/stored_study.h"
#include "cli/terminal.h"
#include "cli/validators.h"
#include "runtime/report/html.h"
#include "runtime/report/report_schema.h"

namespace xp::cli {

int cmd_show(const ShowOptions& o) {
  if (!o.storage.empty() || !o.study.empty()) {
    if (o.storage.empty() || !o.run_dir.empty() || !o.html.empty()) {
      fmt::print(stderr, "error: exp show takes RUN_DIR or --storage URL [--study NAME], not both (--study needs "
                         "--storage, --html a run folder)\n  help: run `exp show --help` for usage\n");
      return kExitUsage;
    }
    return show_stored_study(o);
  }
  if (o.run_dir.empty()) {
    fmt::print(stderr, "error: RUN_DIR is required (or --storage URL, a study store)\n  help: run `exp show --help` for usage\n");
    return kExitUsage;
  }
  std::string error;
  auto report = load_report(o.run_dir, error);
  if (!report) {
    fmt::print(stderr, "error: {}\n", error);
    return kExitUsage;
  }
  if (!o.html.empty()) {
    if (!rt::report::write_html(*report, o.html, error)) {
      fmt::print(stderr, "error: {}\n", error);
      return kExitUsage;
    }
    fmt::print("wrote {}\n", o.html);
    return kExitOk;
  }
  if (o.json) {
    fmt::print("{}\n", report->dump(2));
    return kExitOk;
  }
  ReportOptions ro;
  ro.top_k = o.top;
  ro.color = Terminal::detect(stdout).color;
  // A run that trained several models shows each, in the order they ran.
  const auto entries = rt::report::model_entries(*report);
  for (size_t i = 0; i < entries.size(); ++i) fmt::print("{}{}", i ? "\n" : "", render_console_report(entries[i], ro));
  return kExitOk;
}


CommandRun define_show(CLI::App& cmd) {
  auto o = std::make_shared<ShowOptions>();
  cmd.add_option("RUN_DIR", o->run_dir, "A run folder (or its report.json)");
  cmd.add_flag("--json", o->json, "Print report.json itself");
  cmd.add_option("--html", o->html, "Write report.html to FILE instead of printing")->type_name("FILE");
  cmd.add_option("--top", o->top, "Rows in the best-trials table (default 5)")->type_name("K")->check(positive_count());
  cmd.add_option("--storage", o->storage, "Show a study from this study store instead: postgresql://… or sqlite:///path")
      ->type_name("URL");
  cmd.add_option("--study", o->study, "With --storage: the study to show (default: list the store's studies)")
      ->type_name("NAME");
  return [o](const CLI::App&) { return cmd_show(*o); };
}

}  // namespace xp::cli
