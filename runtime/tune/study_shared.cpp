// Shared mode: many processes run one study. Numbers are claimed from the
// store under leases that a heartbeat renews; barriers wait on the store.
#include "runtime/tune/study_runner.h"

#include <algorithm>
#include <thread>
#include <vector>
#include "runtime/tune/trial_check.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt::study_run {

// Brings records_ up to date with the trials other processes changed since
// the last read — not the whole study, so a barrier costs what changed.
// Finished trials never change, so one already finished here stays as it is
// (the tally points at it); the others are replaced by what the store holds.
bool Runner::refresh_from_store() {
  std::lock_guard reading(refresh_mu_);  // reads and merges in order: a later read is never merged first
  TrialChanges changes;
  try {
    changes = store_.load_changes(options_.name, changes_cursor_);
  } catch (const StoreError& e) {
    store_failed(e);
    return false;
  }
  std::map<int, TrialRecord> fresh;
  for (auto& t : changes.trials) fresh[t.number] = std::move(t);
  std::vector<std::string> notes;
  quarantine_misfits(fresh, space_, store_.where(), notes);
  std::lock_guard lock(mu_);
  for (auto& [n, t] : fresh) {
    TrialRecord& slot = records_[n];
    if (slot.finished_state()) continue;
    slot = std::move(t);
    tally_.add(slot, spec_.maximize);  // counts only a finished one
  }
  changes_cursor_ = changes.cursor;
  cv_.notify_all();
  return true;
}

bool Runner::all_finished_below(int limit) const {
  return tally_.finished_below(limit) >= static_cast<size_t>(std::max(0, limit));
}

void Runner::hold(int number, int attempt, bool held) {
  std::lock_guard lock(lease_mu_);
  if (held) held_[number] = attempt;
  else held_.erase(number);
}

// Renews this process's leases every third of their length, on the store's
// clock; a renewal refused means another process has the trial now.
void Runner::heartbeat() {
  const auto period = std::chrono::duration<double>(options_.lease_seconds / 3);
  std::unique_lock lock(lease_mu_);
  while (!heartbeat_done_) {
    lease_cv_.wait_for(lock, period);
    if (heartbeat_done_) break;
    const std::map<int, int> held = held_;
    lock.unlock();
    for (const auto& [number, attempt] : held) {
      bool kept = true;
      try {
        kept = store_.renew_lease(options_.name, number, attempt, options_.lease_seconds);
      } catch (const StoreError&) {
        // The store is unreachable for now; the trial's own writes report it if it stays so.
      }
      if (!kept) lease_taken_over(number);
    }
    lock.lock();
  }
}

void Runner::run_shared(int threads) {
  shared_ = true;
  started_ = Clock::now();
  const double timeout = options_.timeout_seconds > 0 ? options_.timeout_seconds : spec_.timeout_seconds;
  if (timeout > 0) deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout));
  std::thread beat([this] { heartbeat(); });
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back([this] { shared_worker(); });
  for (auto& t : pool) t.join();
  {
    std::lock_guard lock(lease_mu_);
    heartbeat_done_ = true;
  }
  lease_cv_.notify_all();
  beat.join();
}

// Claims trials until none is left; then, unless a pure worker, waits for the
// other processes to finish theirs (taking over any whose lease runs out), so
// that this process reports the whole study.
void Runner::shared_worker() {
  while (!stop_requested()) {
    std::optional<Claim> claim;
    try {
      claim = store_.claim_trial(options_.name, budget_, options_.lease_seconds, options_.worker_id);
    } catch (const StoreError& e) {
      store_failed(e);
      return;
    }
    if (claim) {
      run_claimed(*claim);
      continue;
    }
    if (options_.worker_only || !refresh_from_store()) return;
    {
      std::lock_guard lock(mu_);
      if (all_finished_below(budget_)) return;
    }
    store_.wait_for_change(options_.name, 1.0);
  }
}

void Runner::run_claimed(const Claim& claim) {
  const int n = claim.number;
  hold(n, claim.attempt, true);
  const int sampler_barrier = plan_.sampler->barrier(n);
  const int pruner_barrier = plan_.pruner ? plan_.pruner->barrier(n) : 0;
  const int barrier = std::max(sampler_barrier, pruner_barrier);
  // Wait until every trial below the barrier has finished, in any process;
  // run those whose holder vanished (lease expired) meanwhile. If this
  // process stops here, its claim's lease runs out and another runs trial n.
  for (;;) {
    // Finished trials never change, so when this process has already seen
    // every trial below the barrier finished, the store has nothing to add.
    {
      std::lock_guard lock(mu_);
      if (all_finished_below(barrier)) break;
    }
    if (!refresh_from_store()) return hold(n, 0, false);
    {
      std::lock_guard lock(mu_);
      if (all_finished_below(barrier)) break;
    }
    if (stop_requested()) return hold(n, 0, false);
    std::optional<Claim> below;
    try {
      below = store_.claim_trial(options_.name, barrier, options_.lease_seconds, options_.worker_id);
    } catch (const StoreError& e) {
      store_failed(e);
      return hold(n, 0, false);
    }
    if (below) run_claimed(*below);
    else store_.wait_for_change(options_.name, 0.5);
  }

  TrialRecord rec;
  rec.number = n;
  rec.attempt = claim.attempt;
  rec.seed = trial_seed(draw_seed_, n);
  std::vector<TrialRecord> pruner_rows;  // copies: a refresh may replace records_ while the trial runs
  {
    std::lock_guard lock(mu_);
    try {
      if (claim.rerun && !claim.hypers.empty() && assignment_fits(space_, claim.hypers)) {
        rec.hypers = claim.hypers;  // a re-run: same number, seed and hypers
        rec.max_resource = claim.max_resource;
      } else {
        rec.hypers = plan_.sampler->propose(n, rec.seed, visible_below(sampler_barrier)).hypers;
      }
    } catch (const std::exception& e) {
      if (!fatal_.exchange(true)) fatal_message_ = std::string("internal error: this is a bug in exp: sampler failed: ") + e.what();
      cv_.notify_all();
      return hold(n, 0, false);
    }
    if (rec.max_resource == 0 && plan_.pruner) rec.max_resource = plan_.pruner->max_resource();
    if (plan_.pruner)
      for (const TrialRecord* t : visible_below(pruner_barrier)) pruner_rows.push_back(*t);
    ++running_;
  }
  History pruner_visible;
  for (const auto& t : pruner_rows) pruner_visible.push_back(&t);
  run_trial(rec, pruner_visible);
  hold(n, 0, false);
}

}  // namespace xp::rt::study_run
