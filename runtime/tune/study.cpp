// run_study: plans the study, prepares it in the store, runs it here or
// shared with other processes, and sums it up. The parts: study_runner.h.
#include "runtime/tune/study.h"

#include <thread>

#include "runtime/tune/study_runner.h"

namespace xp::rt {
namespace study_run {

History Runner::visible_below(int barrier) const {
  const auto& all = tally_.by_number;
  return History(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(tally_.finished_below(barrier)));
}

void Runner::finish() {
  if (options_.shared && !fatal_) refresh_from_store();  // the whole study, every process's trials
  std::lock_guard lock(mu_);
  for (auto& [n, t] : records_) result_.trials.push_back(t);
  result_.best = best_index(result_.trials, spec_.maximize);
  if (result_.best >= 0 && result_.trials[static_cast<size_t>(result_.best)].number == kept_number_)
    result_.best_kept = std::move(kept_);
  kept_.reset();
  for (const auto& t : result_.trials) {
    switch (t.state) {
      case TrialState::Complete: ++result_.complete; break;
      case TrialState::Pruned: ++result_.pruned; break;
      case TrialState::Failed: ++result_.failed; break;
      case TrialState::Running: break;
    }
  }
  result_.seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  if (fatal_) {
    result_.ok = false;
    result_.errors.push_back(fatal_message_);
    result_.stop_reason = "stopped by an error";
  } else if (options_.stop && options_.stop->load()) {
    result_.stop_reason = "stopped";
  } else if ((room_ > 0 || !pending_.empty()) && deadline_ && Clock::now() >= *deadline_) {
    result_.stop_reason = "time budget reached";
  } else if (options_.shared && !all_finished_below(budget_)) {
    result_.stop_reason = "nothing left to claim (other processes finish the rest)";
  } else {
    result_.stop_reason = capped_by_grid_ ? "grid exhausted" : "trial budget reached";
  }
}

}  // namespace study_run

StudyResult run_study(const ir::SearchSpace& space, const ir::TuneSpec& spec, Objective objective, StudyStore& store,
                      const StudyOptions& options) {
  StudyResult result;
  result.study = options.name;
  result.maximize = spec.maximize;
  Diagnostics local;
  Diagnostics& diags = options.diagnostics ? *options.diagnostics : local;
  const size_t errors_before = diags.error_count();
  auto plan = plan_study(space, spec, study_draw_seed(options.seed, options.seed_key), options.default_max_resource, diags);
  if (!plan || diags.error_count() > errors_before) {
    for (const auto& d : diags.all())
      if (d.severity == Severity::Error) result.errors.push_back(d.message);
    return result;
  }
  if (options.trial_timeout_seconds > 0) plan->trial_timeout_seconds = options.trial_timeout_seconds;
  study_run::Runner runner(space, spec, objective, store, options, *plan, result);
  if (!runner.prepare(diags)) return result;
  result.ok = true;
  int threads = options.parallel > 0 ? options.parallel : spec.parallel;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options.shared) runner.run_shared(threads);
  else runner.run(threads);
  runner.finish();
  if (!result.ok && options.diagnostics) {
    Diagnostic d;
    d.code = "E1003";
    d.message = result.errors.back();
    d.span = spec.span;
    options.diagnostics->report(std::move(d));
  }
  return result;
}

}  // namespace xp::rt
