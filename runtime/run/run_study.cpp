// What train and black-box blocks share about studies: the store in the run
// folder, progress events per finished trial, the study part of the report.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "runtime/run/report_json.h"
#include "runtime/run/run_context.h"
#include "runtime/core/run_errors.h"
#include "runtime/store/open_store.h"
#include "runtime/store/sqlite_store.h"
#include "runtime/tune/importance.h"
#include "runtime/tune/study.h"

namespace xp::rt {

namespace {

std::string this_worker() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return fmt::format("{}:{}", host, static_cast<long>(getpid()));
}

// How long a trial's lease lasts (renewed every third of it): long enough
// for a busy machine's heartbeat, short enough that a dead worker's trial is
// soon run elsewhere. EXP_LEASE_SECONDS overrides it (the tests use 2 s).
double lease_seconds() {
  if (const char* env = std::getenv("EXP_LEASE_SECONDS")) {
    const double v = std::strtod(env, nullptr);
    if (v > 0) return v;
  }
  return 30;
}

// The study's name in the store: the block's own (`so.name`: the model's,
// `blackbox`, `blackbox_2`, …) unless --study names it; in a script with
// several tuned blocks, --study NAME names them NAME.<block's own name>, so
// that each block remains a study of its own (docs/distributed.md).
std::string study_name(const RunContext& ctx, const std::string& own) {
  if (ctx.options.study.empty()) return own;
  if (ctx.program.tunes.size() > 1) return ctx.options.study + "." + own;
  return ctx.options.study;
}

std::string store_error_help(const StoreError& e) {
  return e.io() ? "check that the server runs and the URL (host, port, user, database); the password comes from "
                  "PGPASSWORD or ~/.pgpass (docs/distributed.md)"
                : "the store was written by another exp version or program: use another database, or the exp "
                  "that wrote it (docs/distributed.md)";
}

}  // namespace

bool study_store_reachable(const RunOptions& options, Diagnostics& diags) {
  if (options.storage.empty()) return true;
  try {
    open_store_url(options.storage);
    return true;
  } catch (const StoreError& e) {
    diags.report(run_diag::bad_study_store(shown_store_url(options.storage), e.what(), store_error_help(e)));
    return false;
  }
}

std::unique_ptr<StudyStore> open_study_store(RunContext& ctx, StudyOptions& so) {
  const std::string study = study_name(ctx, so.name);
  if (!ctx.options.storage.empty()) {
    // A store shared with other processes: claims, leases, the whole study's report.
    so.name = study;
    so.shared = true;
    so.worker_only = ctx.options.worker;
    so.lease_seconds = lease_seconds();
    so.worker_id = this_worker();
    so.warn = [&progress = ctx.progress](const std::string& w) { progress.message(w); };
    try {
      auto store = open_store_url(ctx.options.storage);
      if (ctx.options.resume && !store->find_study(study)) {
        ctx.diags.report(run_diag::no_study(
            fmt::format("{} (it holds no study `{}`)", store->where(), study),
            "start the study with a run without --resume, or check --study and --storage (`exp show --storage URL` "
            "lists the studies a store holds)"));
        return nullptr;
      }
      return store;
    } catch (const StoreError& e) {
      ctx.diags.report(run_diag::bad_study_store(shown_store_url(ctx.options.storage), e.what(), store_error_help(e)));
      return nullptr;
    }
  }
  // A fresh run found study.db removed already (run_program, under the
  // folder's lock), so every block of one run shares one store.
  std::string path = ctx.folder.file("study.db");
  try {
    auto store = std::make_unique<SqliteStore>(path);
    if (ctx.options.resume && !store->find_study(study)) {
      ctx.diags.report(run_diag::no_study(fmt::format("{} (it holds no study `{}`)", path, study)));
      return nullptr;
    }
    return store;
  } catch (const StoreError& e) {
    // Opening can fail for the folder (permissions: E0906) or for the file's
    // contents (not a study store, modified: E0911) — never "cannot write" for both.
    if (e.io()) ctx.diags.report(run_diag::unwritable(path, e.what()));
    else ctx.diags.report(run_diag::bad_study_store(path, e.what()));
  }
  return nullptr;
}

std::function<void(const TrialRecord&, const StudyProgress&)> study_progress(Progress& progress) {
  return [&progress](const TrialRecord& t, const StudyProgress& p) {
    TrialEvent e;
    e.trial = t.number;
    e.state = t.state;
    e.hypers = t.hypers;
    e.value = t.value;
    e.reason = t.reason;
    e.seconds = t.seconds;
    StudyStatus s;
    s.total = p.budget;
    s.finished = p.finished;
    s.complete = p.complete;
    s.pruned = p.pruned;
    s.failed = p.failed;
    s.running = p.running;
    s.has_best = p.best_number >= 0;
    s.best_value = p.best_value;
    s.best_trial = p.best_number;
    s.elapsed = p.elapsed;
    progress.trial_finished(e, s);
  };
}

void add_study_report(nlohmann::json& report, const RunContext& ctx, const ir::SearchSpace& space, const ir::TuneSpec& tune,
                      const StudyResult& study, int parallel) {
  nlohmann::json s = {{"method", tune.method},
                      {"direction", study.maximize ? "maximize" : "minimize"},
                      {"budget", tune.trials},
                      {"complete", study.complete},
                      {"pruned", study.pruned},
                      {"failed", study.failed},
                      {"seconds", study.seconds},
                      {"resumed", study.resumed}};
  if (ctx.options.trials) s["budget"] = *ctx.options.trials;
  s["metric"] = tune.objective ? "objective" : tune.metric;  // the schema requires it; a black-box study optimizes its expression
  // The trials that ran at once: as asked, else one per hardware thread
  // (run_study's rule), marked so that the console can leave out a number
  // that depends on the machine.
  s["parallel"] = parallel > 0 ? parallel : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (parallel <= 0) s["parallel_default"] = true;
  if (!study.stop_reason.empty()) s["stopped"] = study.stop_reason;
  if (study.interrupted > 0) s["interrupted"] = study.interrupted;
  if (!study.notes.empty()) s["notes"] = study.notes;
  report["study"] = s;
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& t : study.trials) trials.push_back(trial_json(t));
  report["trials"] = trials;
  if (study.best >= 0) {
    const TrialRecord& b = study.trials[static_cast<size_t>(study.best)];
    report["best"] = {{"number", b.number}, {"hypers", hypers_json(b.hypers)}, {"value", b.value}};
    if (b.budget() > 0) report["best"]["budget"] = b.budget();
  }
  ImportanceOptions io;
  io.seed = ctx.seed;
  const std::vector<HyperImportance> importance = hyper_importance(space, study.trials, io);
  if (!importance.empty()) {
    nlohmann::json imp = nlohmann::json::object();
    for (const auto& h : importance) imp[h.name] = h.importance;
    report["importance"] = imp;
  }
}

}  // namespace xp::rt
