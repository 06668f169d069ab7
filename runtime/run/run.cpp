// run_program: the table of contents of `exp run`.
//   options → run folder → per train block (data, study?, refit, test, save)
//   → black-box studies → print statements → report.json → `save` copies.
#include "runtime/run/run.h"
#include "base/json_text.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "runtime/io/crash_point.h"
#include "runtime/report/bounds.h"
#include "runtime/report/html.h"
#include "runtime/report/report_schema.h"
#include "ir/hypers_used.h"
#include "runtime/run/overrides.h"
#include "runtime/run/report_json.h"
#include "runtime/run/run_context.h"
#include "runtime/core/run_errors.h"
#include "runtime/run/save_path.h"

namespace xp::rt {
namespace {

namespace fs = std::filesystem;

int exit_code_of(RunStatus s) {
  switch (s) {
    case RunStatus::Ok: return 0;
    case RunStatus::UserError: return 2;
    case RunStatus::Failed: return 1;
    case RunStatus::Interrupted: return 130;
  }
  return 1;
}

RunResult finish(RunResult r, RunStatus status, std::string failure = "") {
  r.status = status;
  r.exit_code = exit_code_of(status);
  if (!failure.empty()) r.failure = std::move(failure);
  return r;
}

// Worse statuses win: a user error over a failure over an interruption.
RunStatus worst(RunStatus a, RunStatus b) {
  auto rank = [](RunStatus s) {
    switch (s) {
      case RunStatus::Ok: return 0;
      case RunStatus::Interrupted: return 1;
      case RunStatus::Failed: return 2;
      case RunStatus::UserError: return 3;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

// `print` evaluates with the fixed hypers and those of the last model
// trained (or black-box study) on top: `print lr * 10` → "lr * 10 = 0.1".
void run_prints(RunContext& ctx) {
  ir::Assignment hypers = fixed_assignment(ctx.space);
  for (const auto& [name, value] : ctx.last_hypers) hypers[name] = value;
  for (const auto& p : ctx.program.prints) {
    auto v = ir::eval(p.value, hypers);
    const std::string label = p.text.empty() ? ir::to_string(p.value) : p.text;
    std::string line;
    if (!v) line = fmt::format("{}: not available (it reads a hyper the chosen configuration leaves inactive)", label);
    else if (v->kind == ir::Value::Kind::String) line = v->text;  // print "a message"
    else if (label != v->str()) line = label + " = " + v->str();
    else line = v->str();
    if (ctx.options.print) ctx.options.print(line);
    else std::cout << line << '\n' << std::flush;
  }
}

bool copy_script(RunContext& ctx) {
  if (ctx.program.script_path.empty()) return true;  // a REPL program has no file
  std::string text, why;
  if (!read_file(ctx.program.script_path, text, why)) return true;  // compiled already; nothing to copy
  return ctx.folder.write("script.exp", text, ctx.diags);
}

}  // namespace

std::string default_out_dir(const std::string& script_path) {
  std::string stem = fs::path(script_path).stem().string();
  if (stem.empty()) stem = "run";
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  return (fs::path("runs") / (stem + "-" + stamp)).string();
}

nlohmann::json report_header(const RunContext& ctx) {
  nlohmann::json h = {{"schema", report::kSchema}, {"created", utc_now_iso8601()}};
  if (!ctx.options.exp_version.empty()) h["exp_version"] = ctx.options.exp_version;
  nlohmann::json script = {{"seed", ctx.seed}};
  if (!ctx.program.script_path.empty()) {
    script["path"] = ctx.program.script_path;
    std::string text, why;
    if (read_file(ctx.program.script_path, text, why)) script["hash"] = content_hash(text);
  }
  h["script"] = script;
  h["search_space"] = search_space_json(ctx.space);
  return h;
}

RunResult run_program(const ir::Program& program, const RunOptions& options, Diagnostics& diags) {
  RunResult result;
  NoProgress quiet;
  RunContext ctx{program, program.space, options.seed.value_or(program.seed.value_or(0)), options, {},
                 options.progress ? *options.progress : static_cast<Progress&>(quiet), diags, {}, {}, {}};
  if (!apply_overrides(ctx.space, options.overrides, diags)) return finish(result, RunStatus::UserError);

  if (!check_save_paths(program, diags)) return finish(result, RunStatus::UserError);

  if (!study_store_reachable(options, diags)) return finish(result, RunStatus::UserError);
  // The data before the folder: a data error refuses the run with nothing
  // created, trained or replaced (docs/reliability.md).
  if (!load_run_data(ctx)) return finish(result, RunStatus::UserError);
  std::string out = options.out_dir.empty() ? default_out_dir(program.script_path) : options.out_dir;
  FolderMode mode{options.resume, options.force, options.out_dir.empty()};
  if (!ctx.folder.open(out, mode, diags)) return finish(result, RunStatus::UserError);
  result.out_dir = ctx.folder.path();
  // Refused from here on (exit code 2): a folder this run made and left
  // holding nothing of its work is removed (RunFolder::abandon).
  auto refused = [&] {
    if (ctx.folder.abandon()) result.out_dir.clear();
    return finish(result, RunStatus::UserError);
  };
  if (options.resume && options.storage.empty() && !fs::exists(ctx.folder.file("study.db"))) {
    diags.report(run_diag::no_study(ctx.folder.file("study.db")));
    return refused();
  }
  // From here on the folder changes: its old report goes first (the bundle rule, run_folder.h).
  if (!ctx.folder.retract_report(diags) || !copy_script(ctx)) return refused();
  if (!options.resume) {
    // A fresh run starts a fresh study (--force, or a folder without one); only --resume continues one.
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(ctx.folder.file(std::string("study.db") + suffix), ec);
  }

  RunStatus status = RunStatus::Ok;
  std::string failure;
  auto absorb = [&](BlockResult b) {
    status = worst(status, b.status);
    if (!b.failure.empty() && failure.empty()) failure = b.failure;
    if (!b.report.is_null()) {
      report::bound_report_text(b.report);  // long text from data or the script is cut (docs/report.md, "Bounds")
      result.model_reports.push_back(b.report);
      if (!b.model_file.empty()) result.model_path = ctx.folder.file(b.model_file);
    }
  };
  const size_t n_trains = program.trains.size();
  for (size_t i = 0; i < n_trains && status != RunStatus::UserError && !ctx.interrupted(); ++i) {
    const auto& train = program.trains[i];
    // The last model trained is the run's model.expm; earlier ones keep their name.
    std::string file = i + 1 == n_trains ? "model.expm" : "model." + train.model + ".expm";
    absorb(run_train_block(ctx, train, file));
  }
  int blackbox = 0;
  for (const auto& tune : program.tunes)
    if (tune.model.empty() && status != RunStatus::UserError && !ctx.interrupted())
      absorb(run_blackbox_block(ctx, tune, blackbox++));
  if (ctx.interrupted()) status = worst(status, RunStatus::Interrupted);
  if (status == RunStatus::UserError) return refused();

  run_prints(ctx);
  if (!result.model_reports.empty()) {
    result.report = report::run_report(result.model_reports);
    // report.json last (it commits the bundle), then the page rendered from it.
    crash_point("before-report");
    if (!ctx.folder.write("report.json", json_text(result.report, 2) + "\n", diags)) return finish(result, RunStatus::UserError);
    result.report_path = ctx.folder.file("report.json");
    if (!ctx.folder.write("report.html", report::render_html(result.report), diags)) return finish(result, RunStatus::UserError);
  }
  for (const auto& r : program.reports) {
    if (r.save_path.empty()) continue;
    if (!ctx.folder.copy_to(r.save_path, diags)) return finish(result, RunStatus::UserError);
    result.saved_to.push_back(r.save_path);
  }
  if (status == RunStatus::Interrupted && failure.empty()) failure = "the report holds what finished";
  return finish(result, status, failure);
}

}  // namespace xp::rt
