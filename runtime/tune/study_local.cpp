// One process owns the study: numbers are handed out here, lowest first, to a
// pool of threads that wait at the sampler's and pruner's barriers.
#include "runtime/tune/study_runner.h"

#include <algorithm>
#include <thread>
#include <vector>
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"

namespace xp::rt::study_run {


// The lowest number from `cursor` not finished yet, while `room` lasts.
std::optional<int> Runner::next_in_order(int& cursor, int& room) const {
  for (; room > 0; ++cursor) {
    if (capped_by_grid_ && cursor >= budget_) break;  // grid points are numbered; never run past the last one
    auto it = records_.find(cursor);
    if (it != records_.end() && it->second.finished_state()) continue;
    --room;
    return cursor++;
  }
  room = 0;
  return std::nullopt;
}

// The next number to run, while the budget lasts (under mu_).
std::optional<int> Runner::take_next() {
  std::optional<int> n;
  if (!longest_first_) {
    n = next_in_order(cursor_, room_);
  } else if (order_at_ < order_.size()) {
    n = order_[order_at_++];
    --room_;
  } else {
    room_ = 0;
  }
  if (n) pending_.insert(*n);
  return n;
}

// Trials that learn nothing from each other can run in any order with the
// same results, so with several threads the costliest start first: the
// study then ends on short trials instead of one thread finishing a long one
// while the other idles. Ties keep number order. A pruner (which compares
// trials as they go) or a time budget (which decides which trials run at
// all) keeps the numbered order; so does a budget too large to list.
void Runner::plan_longest_first() {
  constexpr int kMaxPlanned = 100000;
  if (!options_.cost_hint || plan_.pruner || deadline_ || room_ > kMaxPlanned) return;
  std::vector<std::pair<double, int>> costed;
  int cursor = cursor_, room = room_;
  try {
    while (std::optional<int> n = next_in_order(cursor, room)) {
      if (plan_.sampler->barrier(*n) > 0) return;  // it learns from earlier trials
      const auto old = records_.find(*n);
      if (old != records_.end() && assignment_fits(space_, old->second.hypers)) {
        costed.emplace_back(options_.cost_hint(old->second.hypers), *n);  // a re-run keeps its hypers
        continue;
      }
      ir::Assignment hypers = plan_.sampler->propose(*n, trial_seed(draw_seed_, *n), History{}).hypers;
      costed.emplace_back(options_.cost_hint(hypers), *n);
      proposed_[*n] = std::move(hypers);
    }
  } catch (const std::exception&) {
    proposed_.clear();  // the worker proposes again and reports the failure
    return;
  }
  std::stable_sort(costed.begin(), costed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [cost, n] : costed) order_.push_back(n);
  longest_first_ = true;
}

void Runner::run(int threads) {
  started_ = Clock::now();
  const double timeout = options_.timeout_seconds > 0 ? options_.timeout_seconds : spec_.timeout_seconds;
  if (timeout > 0) deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout));
  threads = std::max(1, std::min<int>(threads, room_));
  if (threads > 1) plan_longest_first();
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
    rec.seed = trial_seed(draw_seed_, n);
    auto old = records_.find(n);
    try {
      if (old != records_.end() && assignment_fits(space_, old->second.hypers)) {
        rec.hypers = old->second.hypers;  // a re-run: same number, seed and hypers
        rec.max_resource = old->second.max_resource;
      } else if (auto ahead = proposed_.find(n); ahead != proposed_.end()) {
        rec.hypers = std::move(ahead->second);  // proposed by plan_longest_first, same as now
        proposed_.erase(ahead);
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
