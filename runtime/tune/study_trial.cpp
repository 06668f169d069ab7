// One trial: what its objective sees (Context), how its outcome becomes a
// state, and its record written to the store and the runner.
#include "runtime/tune/study_runner.h"

#include <algorithm>
#include <exception>
#include "runtime/io/crash_point.h"

namespace xp::rt::study_run {

bool Context::report(int step, double value) {
  auto it = std::lower_bound(rec_.intermediate.begin(), rec_.intermediate.end(), step,
                             [](const auto& p, int s) { return p.first < s; });
  if (it != rec_.intermediate.end() && it->first == step) it->second = value;
  else rec_.intermediate.insert(it, {step, value});
  if (!runner_.writes_steps_at_end()) {  // other processes' pruners read it now
    try {
      if (!runner_.store().trial_reported(runner_.study(), rec_.number, step, value, rec_.attempt))
        runner_.lease_taken_over(rec_.number);
    } catch (const StoreError& e) {
      runner_.store_failed(e);
      return false;
    }
  }
  if (!pruned_ && runner_.pruner() && runner_.pruner()->should_prune(rec_, visible_, reason_)) pruned_ = true;
  return !pruned_ && !should_stop();
}

bool Context::should_stop() const {
  return pruned_ || runner_.stop_requested() || (deadline_ && Clock::now() >= *deadline_) ||
         (rec_.attempt > 0 && runner_.lease_lost(rec_.number));
}

namespace {

// Sets the trial's final state and reason from how its objective ended;
// true when it was interrupted by a stop instead (then it stays running).
// `thrown`: the exception's message, null when the objective returned.
bool judge_outcome(TrialRecord& rec, TrialOutcome& out, const std::string* thrown, const Context& ctx, double limit,
                   bool stopping) {
  if (thrown) {
    rec.state = TrialState::Failed;
    rec.reason = "the objective failed: " + *thrown;
  } else if (ctx.pruned()) {
    rec.state = TrialState::Pruned;
    rec.reason = ctx.prune_reason();
  } else if (limit > 0 && rec.seconds > limit) {
    rec.state = TrialState::Failed;
    rec.reason = "exceeded the per-trial time limit of " + seconds_text(limit) + " (ran " + seconds_text(rec.seconds) + ")";
  } else if (out.state != TrialState::Complete && stopping) {
    return true;
  } else if (out.state == TrialState::Failed || out.state == TrialState::Running) {
    rec.state = TrialState::Failed;
    rec.reason = out.reason.empty() ? "the objective reported failure" : out.reason;
  } else if (out.state == TrialState::Pruned) {
    rec.state = TrialState::Pruned;
    rec.reason = out.reason.empty() ? "stopped early by the objective" : out.reason;
  } else if (!std::isfinite(out.value)) {
    rec.state = TrialState::Failed;
    rec.reason = std::string("the objective is ") + (std::isnan(out.value) ? "NaN" : "infinite");
  } else {
    rec.state = TrialState::Complete;
    rec.value = out.value;
  }
  return false;
}

}  // namespace

// One write of a trial to the store. False when the trial ends here: the
// store failed (fatal for the study), or it refused the write because
// another process holds the trial now (`refused` says so, and the trial no
// longer counts as running here).
bool Runner::store_accepts(const std::function<bool()>& write, const std::string& refused) {
  try {
    if (write()) return true;
    warn(refused);
    std::lock_guard lock(mu_);
    running_ = std::max(0, running_ - 1);
  } catch (const StoreError& e) {
    store_failed(e);
  }
  return false;
}

void Runner::run_trial(TrialRecord& rec, const History& pruner_visible) {
  rec.started = unix_now();
  const std::string trial = "trial " + std::to_string(rec.number);
  if (!store_accepts([&] { return store_.trial_started(options_.name, rec); },
                     trial + ": another process took it over before it started; not run here"))
    return;
  crash_point("trial-started");
  const double limit = plan_.trial_timeout_seconds;
  std::optional<Clock::time_point> trial_deadline;
  const auto t0 = Clock::now();
  if (limit > 0) trial_deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit));
  Context ctx(*this, rec, pruner_visible, trial_deadline);
  TrialOutcome out;
  std::string thrown;
  bool threw = false;
  try {
    out = objective_(rec.hypers, ctx);
  } catch (const std::exception& e) {
    threw = true;
    thrown = e.what();
  } catch (...) {
    threw = true;
    thrown = "unknown exception";
  }
  rec.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  rec.finished = unix_now();
  rec.metrics = out.metrics;
  const bool interrupted = judge_outcome(rec, out, threw ? &thrown : nullptr, ctx, limit, stop_requested());
  const std::string late = trial + ": the result of attempt " + std::to_string(rec.attempt) +
                           " came after its lease ran out and another process took the trial over; it is rejected, "
                           "the other attempt's result counts";
  if (writes_steps_at_end() && !rec.intermediate.empty() &&
      !store_accepts([&] { return store_.trial_reported_all(options_.name, rec.number, rec.intermediate, rec.attempt); },
                     late))
    return;
  if (!interrupted) {
    if (!store_accepts([&] { return store_.trial_finished(options_.name, rec); }, late)) return;
  } else {
    rec.state = TrialState::Running;
    rec.reason = "interrupted";
  }
  std::shared_ptr<void> keep = rec.state == TrialState::Complete ? std::move(out.keep) : nullptr;
  record_finish(std::move(rec), std::move(keep));
}

void Runner::record_finish(TrialRecord rec, std::shared_ptr<void> keep) {
  StudyProgress progress;
  TrialRecord stored;  // a copy: in shared mode a refresh from the store may replace records_
  {
    std::lock_guard lock(mu_);
    const bool done = rec.finished_state();
    const int n = rec.number;
    // Ranks break ties by number, so the best so far when the overall best
    // finishes is the overall best, whatever order parallel trials end in.
    TrialRank rank;
    if (keep && rank_of(rec, spec_.maximize, rank) && (kept_number_ < 0 || rank < kept_rank_)) {
      kept_ = std::move(keep);
      kept_number_ = n;
      kept_rank_ = rank;
    }
    TrialRecord& slot = records_[n];
    // In shared mode a refresh may have brought this very result already.
    const bool counted = slot.finished_state();
    slot = std::move(rec);
    if (!counted) tally_.add(slot, spec_.maximize);
    stored = slot;
    ++result_.ran;
    running_ = std::max(0, running_ - 1);
    if (done) pending_.erase(n);
    else ++result_.interrupted;
    progress.finished = tally_.finished;
    progress.budget = budget_;
    progress.running = running_;
    progress.elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
    progress.complete = tally_.complete;
    progress.pruned = tally_.pruned;
    progress.failed = tally_.failed;
    progress.best_number = tally_.best_number;
    progress.best_value = tally_.best_value;
    cv_.notify_all();
  }
  if (options_.progress) {
    std::lock_guard lock(progress_mu_);
    options_.progress(stored, progress);
  }
}

void Runner::warn(const std::string& message) {
  {
    std::lock_guard lock(mu_);
    result_.notes.push_back(message);
  }
  if (options_.warn) options_.warn(message);
}

}  // namespace xp::rt::study_run
