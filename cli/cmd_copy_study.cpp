// `exp copy-study FROM TO --study NAME [--as NAME]`: one study, whole, from
// one study store to another — a PostgreSQL study exported to an SQLite file
// to keep or send, or an SQLite study (a run folder's study.db) imported into
// PostgreSQL for workers to continue (runtime/store/copy_study.h).
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "runtime/store/copy_study.h"
#include "runtime/store/open_store.h"

namespace xp::cli {
namespace {

// A store URL as given, or a plain path, which names an SQLite file.
std::string store_url_or_file(const std::string& s) { return rt::known_store_url(s) ? s : "sqlite://" + s; }

int cmd_copy_study(const CopyStudyOptions& o) {
  const std::string from = store_url_or_file(o.from), to = store_url_or_file(o.to);
  const std::string as = o.as.empty() ? o.study : o.as;
  std::string stage = "read";
  try {
    auto source = rt::open_store_url(from);
    stage = "written";
    auto target = rt::open_store_url(to);
    stage = "copied";
    const rt::CopiedStudy c = rt::copy_study(*source, *target, o.study, as);
    fmt::print("copied study `{}` ({} trials{}) from {} to {}{}\n", o.study, c.trials,
               c.running ? fmt::format(", {} left running: a resume runs them again", c.running) : "",
               source->where(), target->where(), as == o.study ? "" : " as `" + as + "`");
    return kExitOk;
  } catch (const rt::StoreError& e) {
    fmt::print(stderr, "error: the study could not be {}: {}\n", stage, e.what());
    return kExitUsage;
  }
}

}  // namespace

CommandRun define_copy_study(CLI::App& cmd) {
  auto o = std::make_shared<CopyStudyOptions>();
  cmd.add_option("FROM", o->from, "The store holding the study: postgresql://…, sqlite:///path or a file path")->required();
  cmd.add_option("TO", o->to, "The store to copy it into (an SQLite file is created if missing)")->required();
  cmd.add_option("--study", o->study, "The study to copy")->type_name("NAME")->required();
  cmd.add_option("--as", o->as, "Its name in TO (default: the same)")->type_name("NAME");
  return [o](const CLI::App&) { return cmd_copy_study(*o); };
}

}  // namespace xp::cli
