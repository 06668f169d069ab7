#include "runtime/tune/study.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "runtime/io/crash_point.h"
#include "runtime/tune/trial_check.h"
#include "runtime/tune/plan.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/space.h"
#include "runtime/tune/space_diff.h"

namespace xp::rt {
namespace {

using Clock = std::chrono::steady_clock;

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string seconds_text(double s) { return ir::Value::num(std::round(s * 1000) / 1000).str() + " s"; }

class Runner;

// What an objective sees of its trial: its number and seed, the pruner behind
// `report`, and whether the study wants it to wrap up.
class Context final : public TrialContext {
 public:
  Context(Runner& runner, TrialRecord& rec, const History& visible, std::optional<Clock::time_point> deadline)
      : runner_(runner), rec_(rec), visible_(visible), deadline_(deadline) {}
  int number() const override { return rec_.number; }
  uint64_t seed() const override { return rec_.seed; }
  bool report(int step, double value) override;
  bool should_stop() const override;
  int max_resource() const override { return rec_.max_resource; }
  bool pruned() const { return pruned_; }
  const std::string& prune_reason() const { return reason_; }

 private:
  Runner& runner_;
  TrialRecord& rec_;
  const History& visible_;
  std::optional<Clock::time_point> deadline_;
  bool pruned_ = false;
  std::string reason_;
};

class Runner {
 public:
  Runner(const ir::SearchSpace& space, const ir::TuneSpec& spec, Objective& objective, StudyStore& store,
         const StudyOptions& options, StudyPlan& plan, StudyResult& result)
      : space_(space), spec_(spec), objective_(objective), store_(store), options_(options), plan_(plan),
        result_(result) {}

  // Loads or creates the study and lists the trials to run; false on a refusal.
  bool prepare(Diagnostics& diags);
  void run(int threads);
  void run_shared(int threads);
  void finish();
  // Shared: another process holds this trial now (our lease ran out).
  void lease_taken_over(int number) {
    std::lock_guard lock(lease_mu_);
    lost_.insert(number);
  }
  bool lease_lost(int number) {
    std::lock_guard lock(lease_mu_);
    return lost_.count(number) > 0;
  }

  bool stop_requested() const {
    if (fatal_.load()) return true;
    if (options_.stop && options_.stop->load()) return true;
    return deadline_ && Clock::now() >= *deadline_;
  }
  StudyStore& store() { return store_; }
  const std::string& study() const { return options_.name; }
  const Pruner* pruner() const { return plan_.pruner.get(); }
  void store_failed(const StoreError& e) {
    std::lock_guard lock(mu_);
    if (!fatal_.exchange(true)) fatal_message_ = e.what();
    cv_.notify_all();
  }

 private:
  void worker();
  History visible_below(int barrier) const;  // under mu_
  std::optional<int> take_next();             // under mu_
  void run_trial(TrialRecord& rec, const History& pruner_visible);
  void record_finish(TrialRecord rec, std::shared_ptr<void> keep);
  // Shared mode (run_shared): claims, barrier waits on the store, leases.
  void shared_worker();
  void run_claimed(const Claim& claim);
  bool refresh_from_store();                // false: the store failed (fatal)
  bool all_finished_below(int limit) const;  // under mu_
  void heartbeat();
  void hold(int number, int attempt, bool held);
  void warn(const std::string& message);

  const ir::SearchSpace& space_;
  const ir::TuneSpec& spec_;
  Objective& objective_;
  StudyStore& store_;
  const StudyOptions& options_;
  StudyPlan& plan_;
  StudyResult& result_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<int, TrialRecord> records_;  // every trial; finished ones never change again
  // The numbers to run, ascending, are handed out lazily (`trials = 1e9` with
  // a timeout must not list a billion numbers first): the next candidate and
  // how many more may run.
  int cursor_ = 0;
  int room_ = 0;
  std::set<int> pending_;               // handed out, not finished yet
  int running_ = 0;                     // handed to a worker, not recorded yet (for progress)
  std::optional<Clock::time_point> deadline_;
  std::atomic<bool> fatal_{false};
  std::string fatal_message_;
  std::mutex progress_mu_;
  int finished_count_ = 0;
  std::shared_ptr<void> kept_;          // TrialOutcome::keep of the best complete trial so far
  int kept_number_ = -1;
  TrialRank kept_rank_;
  int budget_ = 0;
  bool capped_by_grid_ = false;
  Clock::time_point started_;
  // Shared mode: the leases this process holds, (number → attempt), renewed
  // by heartbeat(); the numbers whose lease another process has taken over.
  std::mutex lease_mu_;
  std::condition_variable lease_cv_;
  std::map<int, int> held_;
  std::set<int> lost_;
  bool heartbeat_done_ = false;
};

bool Context::report(int step, double value) {
  auto it = std::lower_bound(rec_.intermediate.begin(), rec_.intermediate.end(), step,
                             [](const auto& p, int s) { return p.first < s; });
  if (it != rec_.intermediate.end() && it->first == step) it->second = value;
  else rec_.intermediate.insert(it, {step, value});
  try {
    if (!runner_.store().trial_reported(runner_.study(), rec_.number, step, value, rec_.attempt))
      runner_.lease_taken_over(rec_.number);
  } catch (const StoreError& e) {
    runner_.store_failed(e);
    return false;
  }
  if (!pruned_ && runner_.pruner() && runner_.pruner()->should_prune(rec_, visible_, reason_)) pruned_ = true;
  return !pruned_ && !should_stop();
}

bool Context::should_stop() const {
  return pruned_ || runner_.stop_requested() || (deadline_ && Clock::now() >= *deadline_) ||
         (rec_.attempt > 0 && runner_.lease_lost(rec_.number));
}

bool Runner::prepare(Diagnostics& diags) {
  auto refuse = [&](std::string message, std::vector<std::string> notes, std::string help) {
    Diagnostic d;
    d.code = "E1002";
    d.message = message;
    d.span = spec_.span;
    d.notes = std::move(notes);
    d.help = std::move(help);
    result_.errors.push_back(message);
    diags.report(std::move(d));
    return false;
  };
  const std::string canonical = space_.canonical();
  const uint64_t hash = space_.hash();
  try {
    auto existing = store_.find_study(options_.name);
    if (!existing) {
      StudyInfo info;
      info.name = options_.name;
      info.space_canonical = canonical;
      info.space_hash = hash;
      info.space_json = space_to_json(space_);
      info.method = plan_.sampler->name();
      info.maximize = spec_.maximize;
      info.seed = options_.seed;
      info.created = unix_now();
      try {
        store_.create_study(info);
      } catch (const StoreError&) {
        if (!options_.shared) throw;
      }
      // Another process sharing the store may have created it a moment
      // before (then its study is checked like any existing one).
      if (options_.shared) {
        auto now = store_.find_study(options_.name);
        if (!now) throw StoreError("study `" + options_.name + "` could not be created in " + store_.where());
        if (now->created != info.created) existing = now;
      }
    }
    if (existing) {
      result_.resumed = true;
      if (existing->maximize != spec_.maximize)
        return refuse("study `" + options_.name + "` in " + store_.where() + " was created to " +
                          (existing->maximize ? "maximize" : "minimize") + ", but this tune block " +
                          (spec_.maximize ? "maximizes" : "minimizes"),
                      {}, "use another study name, or remove the old study to start afresh");
      if (existing->seed != options_.seed)
        return refuse("study `" + options_.name + "` was created with seed " + std::to_string(existing->seed) +
                          ", but this run uses seed " + std::to_string(options_.seed),
                      {}, "resume with the same seed (its trials depend on it), or use another study name");
      if (existing->space_hash != hash || existing->space_canonical != canonical) {
        auto before = space_from_json(existing->space_json);
        if (!before) return refuse("the search space stored with study `" + options_.name + "` cannot be read", {}, "");
        SpaceDiff diff = diff_spaces(*before, space_);
        if (!diff.compatible)
          return refuse("the search space changed since study `" + options_.name + "` began, incompatibly with its trials",
                        diff.lines, "restore the old space to resume, or use another study name to start afresh");
        if (!diff.same) {
          std::string note = "the search space changed compatibly since study `" + options_.name +
                             "` began; its earlier trials are kept:";
          for (const auto& l : diff.lines) note += "\n" + l;
          result_.notes.push_back(note);
        }
        store_.update_space(options_.name, canonical, hash, space_to_json(space_));
      }
      if (existing->method != plan_.sampler->name())
        result_.notes.push_back("study `" + options_.name + "` began with method " + existing->method +
                                "; it continues with " + plan_.sampler->name());
    }
    for (auto& t : store_.load_trials(options_.name)) records_[t.number] = std::move(t);
    quarantine_misfits(records_, space_, store_.where(), result_.notes);
  } catch (const StoreError& e) {
    return refuse(e.what(), {}, "");
  }

  int total = options_.trials > 0 ? options_.trials : spec_.trials;
  if (auto cap = plan_.sampler->capacity(); cap && *cap < total) {
    total = *cap;
    capped_by_grid_ = true;
    result_.notes.push_back("the grid has " + std::to_string(*cap) + " points; the study runs " +
                            std::to_string(*cap) + " trials");
  }
  budget_ = total;
  // Every number not finished yet, lowest first, until the budget is met:
  // trials left running by a crash, and numbers a crash skipped (a thread may
  // have started trial n+1 just before trial n) as well as new ones.
  int finished = 0, reruns = 0;
  for (const auto& [n, t] : records_) finished += t.finished_state();
  finished_count_ = finished;
  room_ = std::max(0, total - finished);
  // A stored unfinished trial n is run again when it is among the first
  // `room_` numbers not finished: n minus the finished ones below it.
  int finished_below = 0;
  for (const auto& [n, t] : records_) {
    if (t.finished_state()) {
      ++finished_below;
      continue;
    }
    if (n - finished_below < room_ && !(capped_by_grid_ && n >= total)) ++reruns;
  }
  if (reruns > 0)
    result_.notes.push_back(std::to_string(reruns) + " trial(s) left running by an interrupted run are run again");
  return true;
}

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

History Runner::visible_below(int barrier) const {
  History h;
  for (const auto& [n, t] : records_) {
    if (n >= barrier) break;
    if (t.finished_state()) h.push_back(&t);
  }
  return h;
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

void Runner::run_trial(TrialRecord& rec, const History& pruner_visible) {
  rec.started = unix_now();
  try {
    if (!store_.trial_started(options_.name, rec)) {
      warn("trial " + std::to_string(rec.number) + ": another process took it over before it started; not run here");
      std::lock_guard lock(mu_);
      running_ = std::max(0, running_ - 1);
      return;
    }
  } catch (const StoreError& e) {
    store_failed(e);
    return;
  }
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
  bool interrupted = false;
  if (threw) {
    rec.state = TrialState::Failed;
    rec.reason = "the objective failed: " + thrown;
  } else if (ctx.pruned()) {
    rec.state = TrialState::Pruned;
    rec.reason = ctx.prune_reason();
  } else if (limit > 0 && rec.seconds > limit) {
    rec.state = TrialState::Failed;
    rec.reason = "exceeded the per-trial time limit of " + seconds_text(limit) + " (ran " + seconds_text(rec.seconds) + ")";
  } else if (out.state != TrialState::Complete && stop_requested()) {
    interrupted = true;
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
  if (!interrupted) {
    try {
      if (!store_.trial_finished(options_.name, rec)) {
        warn("trial " + std::to_string(rec.number) + ": the result of attempt " + std::to_string(rec.attempt) +
             " came after its lease ran out and another process took the trial over; it is rejected, the other "
             "attempt's result counts");
        std::lock_guard lock(mu_);
        running_ = std::max(0, running_ - 1);
        return;
      }
    } catch (const StoreError& e) {
      store_failed(e);
      return;
    }
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
    records_[n] = std::move(rec);
    stored = records_[n];
    ++result_.ran;
    running_ = std::max(0, running_ - 1);
    if (done) {
      pending_.erase(n);
      ++finished_count_;
    } else {
      ++result_.interrupted;
    }
    progress.finished = finished_count_;
    if (options_.shared) {
      progress.finished = 0;
      for (const auto& [k, t] : records_) progress.finished += t.finished_state();
    }
    progress.budget = budget_;
    progress.running = running_;
    progress.elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
    TrialRank best_rank;
    for (const auto& [k, t] : records_) {
      progress.complete += t.state == TrialState::Complete;
      progress.pruned += t.state == TrialState::Pruned;
      progress.failed += t.state == TrialState::Failed;
      TrialRank r;
      if (t.state != TrialState::Complete || !rank_of(t, spec_.maximize, r)) continue;
      if (progress.best_number < 0 || r < best_rank) {
        best_rank = r;
        progress.best_number = k;
        progress.best_value = t.value;
      }
    }
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

bool Runner::refresh_from_store() {
  std::map<int, TrialRecord> fresh;
  std::vector<std::string> notes;
  try {
    for (auto& t : store_.load_trials(options_.name)) fresh[t.number] = std::move(t);
  } catch (const StoreError& e) {
    store_failed(e);
    return false;
  }
  quarantine_misfits(fresh, space_, store_.where(), notes);
  std::lock_guard lock(mu_);
  records_ = std::move(fresh);
  cv_.notify_all();
  return true;
}

bool Runner::all_finished_below(int limit) const {
  int finished = 0;
  for (const auto& [n, t] : records_) {
    if (n >= limit) break;
    if (!t.finished_state()) return false;
    ++finished;
  }
  return finished >= limit;
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
  rec.seed = trial_seed(options_.seed, n);
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

}  // namespace

StudyResult run_study(const ir::SearchSpace& space, const ir::TuneSpec& spec, Objective objective, StudyStore& store,
                      const StudyOptions& options) {
  StudyResult result;
  result.study = options.name;
  result.maximize = spec.maximize;
  Diagnostics local;
  Diagnostics& diags = options.diagnostics ? *options.diagnostics : local;
  const size_t errors_before = diags.error_count();
  auto plan = plan_study(space, spec, options.seed, options.default_max_resource, diags);
  if (!plan || diags.error_count() > errors_before) {
    for (const auto& d : diags.all())
      if (d.severity == Severity::Error) result.errors.push_back(d.message);
    return result;
  }
  if (options.trial_timeout_seconds > 0) plan->trial_timeout_seconds = options.trial_timeout_seconds;
  Runner runner(space, spec, objective, store, options, *plan, result);
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
