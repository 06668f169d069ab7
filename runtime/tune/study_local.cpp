// One process owns the study: numbers are handed out here, lowest first, to a
// pool of threads that wait at the sampler's and pruner's barriers.
#include "runtime/tune/study_runner.h"

#include <algorithm>
#include <thread>
#include <vector>
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt::study_run {


// The lowest number not finished yet, while the budget lasts (under mu_).
std::optional<int> Runner::take_next() {
  for (; room_ > 0; ++cursor_) {
    if (capped_by_grid_ && cursor_ >= budget_) break;  // grid points are numbered; never run past the last one
    auto it = records_.find(cursor_);
    if (it != records_.end() && it->second.finished_state()) continue;
    --room_;
    pending_.insert(cursor_);
    return cursor_++;
  }
  room_ = 0;
  return std::nullopt;
}

void Runner::run(int threads) {
  started_ = Clock::now();
  const double timeout = options_.timeout_seconds > 0 ? options_.timeout_seconds : spec_.timeout_seconds;
  if (timeout > 0) deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout));
  threads = std::max(1, std::min<int>(threads, room_));
  if (threads == 1) {
    worker();
    return;
  }
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([this] { worker(); });
  for (auto& t : pool) t.join();
}

void Runner::worker() {
  for (;;) {
    std::unique_lock lock(mu_);
    if (stop_requested()) return;
    const std::optional<int> next = take_next();
    if (!next) return;
    const int n = *next;
    const int sampler_barrier = plan_.sampler->barrier(n);
    const int pruner_barrier = plan_.pruner ? plan_.pruner->barrier(n) : 0;
    const int barrier = std::max(sampler_barrier, pruner_barrier);
    // Wait for the trials this one may learn from; poll so Ctrl-C and the
    // time budget are noticed while waiting.
    while (!stop_requested() && !pending_.empty() && *pending_.begin() < barrier)
      cv_.wait_for(lock, std::chrono::milliseconds(50));
    if (stop_requested()) return;

    TrialRecord rec;
    rec.number = n;
    rec.seed = trial_seed(options_.seed, n);
    auto old = records_.find(n);
    try {
      if (old != records_.end() && assignment_fits(space_, old->second.hypers)) {
        rec.hypers = old->second.hypers;  // a re-run: same number, seed and hypers
        rec.max_resource = old->second.max_resource;
      } else {
        Proposal p = plan_.sampler->propose(n, rec.seed, visible_below(sampler_barrier));
        rec.hypers = std::move(p.hypers);
      }
    } catch (const std::exception& e) {
      if (!fatal_.exchange(true)) fatal_message_ = std::string("internal error: this is a bug in exp: sampler failed: ") + e.what();
      cv_.notify_all();
      return;
    }
    if (rec.max_resource == 0 && plan_.pruner) rec.max_resource = plan_.pruner->max_resource();
    const History pruner_visible = plan_.pruner ? visible_below(pruner_barrier) : History{};
    ++running_;
    lock.unlock();
    run_trial(rec, pruner_visible);
  }
}

}  // namespace xp::rt::study_run
