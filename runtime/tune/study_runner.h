#pragma once
// The study runner's insides, shared by the files that implement run_study
// (study.h), one job each:
//   study.cpp          run_study: plan, prepare, run, sum up (finish)
//   study_prepare.cpp  open or create the study in the store, check a resumed one, size the budget
//   study_local.cpp    one process: numbers handed out here to a pool of threads
//   study_shared.cpp   many processes: numbers claimed from the store under leases
//   study_trial.cpp    one trial: its context, its outcome, its record
// Not for use outside runtime/tune.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/tune/plan.h"
#include "runtime/tune/seeds.h"
#include "runtime/tune/study.h"

namespace xp::rt::study_run {

using Clock = std::chrono::steady_clock;

inline double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline std::string seconds_text(double s) { return ir::Value::num(std::round(s * 1000) / 1000).str() + " s"; }

class Runner;

// The finished trials, by number, with their counts and the best one, kept
// up to date trial by trial: a pass over every record per finished trial
// (progress, the history a proposal sees, a barrier check) would make 10,000
// trials cost O(n²). Finished trials never change, so each is added once.
// Points into the runner's records_ (map nodes stay put; rebuilt when
// records_ is replaced).
struct Tally {
  std::vector<const TrialRecord*> by_number;  // finished trials, ascending number
  int finished = 0, complete = 0, pruned = 0, failed = 0;
  int best_number = -1;
  double best_value = 0;
  TrialRank best_rank;

  // `t`: a record in records_, just finished.
  void add(const TrialRecord& t, bool maximize) {
    if (!t.finished_state()) return;
    auto at = std::lower_bound(by_number.begin(), by_number.end(), t.number,
                               [](const TrialRecord* r, int n) { return r->number < n; });
    by_number.insert(at, &t);  // trials finish nearly in order: a short move
    ++finished;
    complete += t.state == TrialState::Complete;
    pruned += t.state == TrialState::Pruned;
    failed += t.state == TrialState::Failed;
    TrialRank r;
    if (t.state != TrialState::Complete || !rank_of(t, maximize, r)) return;
    if (best_number < 0 || r < best_rank) {
      best_rank = r;
      best_number = t.number;
      best_value = t.value;
    }
  }
  static Tally of(const std::map<int, TrialRecord>& records, bool maximize) {
    Tally out;
    for (const auto& [n, t] : records) out.add(t, maximize);
    return out;
  }
  // How many finished trials are numbered below `limit`.
  size_t finished_below(int limit) const {
    return static_cast<size_t>(std::lower_bound(by_number.begin(), by_number.end(), limit,
                                                [](const TrialRecord* r, int n) { return r->number < n; }) -
                               by_number.begin());
  }
};

// Why a study cannot continue (E1002 at the tune block).
struct Refusal {
  std::string message;
  std::vector<std::string> notes;
  std::string help;
};

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
        result_(result), draw_seed_(study_draw_seed(options.seed, options.seed_key)) {}

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
  // A trial's intermediate values are written when it ends, in one go,
  // unless other processes read them while it runs (shared mode). Locally
  // the pruner reads the runner's own records, and a trial interrupted by a
  // crash is run again from its start.
  bool writes_steps_at_end() const { return !shared_; }
  void store_failed(const StoreError& e) {
    std::lock_guard lock(mu_);
    if (!fatal_.exchange(true)) fatal_message_ = e.what();
    cv_.notify_all();
  }

 private:
  std::optional<StudyInfo> find_or_create_study();
  std::optional<Refusal> check_resumed(const StudyInfo& existing);
  void size_budget();
  void worker();
  History visible_below(int barrier) const;  // under mu_
  std::optional<int> take_next();             // under mu_
  std::optional<int> next_in_order(int& cursor, int& room) const;  // under mu_
  void plan_longest_first();                  // before the workers start
  void run_trial(TrialRecord& rec, const History& pruner_visible);
  bool store_accepts(const std::function<bool()>& write, const std::string& refused);
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
  const uint64_t draw_seed_;            // what trial seeds come from (StudyOptions::seed_key)

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<int, TrialRecord> records_;  // every trial; finished ones never change again
  // The numbers to run, ascending, are handed out lazily (`trials = 1e9` with
  // a timeout must not list a billion numbers first): the next candidate and
  // how many more may run.
  int cursor_ = 0;
  int room_ = 0;
  std::set<int> pending_;               // handed out, not finished yet
  // Longest-first (StudyOptions::cost_hint): every number to run, in the
  // order they are handed out, and their hypers, proposed ahead.
  bool longest_first_ = false;
  std::vector<int> order_;
  size_t order_at_ = 0;
  std::map<int, ir::Assignment> proposed_;
  int running_ = 0;                     // handed to a worker, not recorded yet (for progress)
  std::optional<Clock::time_point> deadline_;
  std::atomic<bool> fatal_{false};
  std::string fatal_message_;
  std::mutex progress_mu_;
  Tally tally_;                         // of records_ (under mu_)
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
  bool shared_ = false;                 // run_shared: other processes read the store while trials run
  // Shared mode: where the next read of the store's changes starts
  // (StudyStore::load_changes), and the lock that keeps reads in order.
  std::mutex refresh_mu_;
  int64_t changes_cursor_ = 0;
};

}  // namespace xp::rt::study_run
