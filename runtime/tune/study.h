#pragma once
// The study runner: from a search space, a tune block and an objective to a
// finished study, written to a store as it goes.
//
//   StudyResult r = run_study(program.space, tune_spec, objective, store, options);
//
// * Trials run on a pool of `parallel` threads; trial n gets the seed
//   trial_seed(study_draw_seed(seed, seed_key), n) (seeds.h).
// * Determinism: proposals and pruning decisions for trial n depend only on n
//   and on the trials below the sampler's / pruner's barrier, which trial n
//   waits for. random, sobol and grid need no history (no waiting). TPE and
//   the pruners use the batch rule barrier(n) = n − (n mod B) with a fixed B
//   (tune option `batch:`, default 4), independent of `parallel`; so a study
//   gives the same trials, values and best for parallel = 1 or 4 — as long as
//   the objective itself is deterministic given (hypers, seed) and no time
//   limit (timeout, trial_timeout) cuts trials short: those depend on the
//   clock and are the documented exception.
// * Failures: an objective that throws, returns Failed, a non-finite value or
//   overruns `trial_timeout` is recorded failed with the reason; the study goes
//   on.
// * Stopping: the trial budget, the time budget (no new trial starts after
//   it; running trials are asked to wrap up), or `stop` set by Ctrl-C.
//   A trial interrupted by a stop is left `running` in the store, so resuming
//   re-runs it with the same number and seed.
// * Shared (options.shared): any number of processes run one study's budget
//   together. Each claims the lowest free number from the store, waits
//   until every trial below its barrier is finished in the store (running
//   any whose holder's lease ran out meanwhile), then proposes exactly as
//   above — so proposals are those of a serial run with the same seed.
// * Resume: a study of the same name in the store continues: finished trials
//   are kept and never re-run, trials left running by a crash are re-run, the
//   budget counts all trials. A changed search space continues when the
//   change is compatible (a choice added, a range widened, a new conditional
//   hyper; noted in `notes`) and is refused otherwise with a diff.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "runtime/store/store.h"
#include "runtime/core/objective.h"
#include "runtime/core/trial.h"

namespace xp::rt {

struct StudyProgress {
  int finished = 0;      // trials finished in this run and before
  int budget = 0;        // total trials wanted
  int complete = 0, pruned = 0, failed = 0;  // of the finished ones
  int running = 0;       // started, not finished
  int best_number = -1;
  double best_value = 0;
  double elapsed = 0;    // seconds since this run started
};

struct StudyOptions {
  std::string name = "study";     // the study's name in the store
  // The run's seed: stored with the study, and a resumed or shared study
  // must have been created with the same one (E1002).
  uint64_t seed = 0;
  // The study's own name in its script (a model's name, `blackbox`,
  // `blackbox_2` …; kept when --study renames it in a store): with `seed` it
  // makes the seed the sampler and the trials draw from (study_draw_seed,
  // seeds.h), so two studies of one run draw different configurations.
  // "" = they draw from `seed` itself.
  std::string seed_key;
  int trials = 0;                 // 0 = TuneSpec::trials
  double timeout_seconds = 0;     // 0 = TuneSpec::timeout_seconds (0 there too = none)
  int parallel = 0;               // 0 = TuneSpec::parallel, 0 there too = hardware threads
  double trial_timeout_seconds = 0;  // 0 = tune option `trial_timeout:` (0 = none)
  int default_max_resource = 0;   // epochs a trial would run: the ceiling for sha/hyperband/asha when not given
  const std::atomic<bool>* stop = nullptr;  // set (e.g. by Ctrl-C) to stop gracefully
  // How long a trial of these hypers takes next to another's (any unit, 0 =
  // unknown). With it, several threads and trials that learn nothing from
  // each other (random, sobol, grid; no pruner, no time budget), the longest
  // trials start first, so the last ones to finish are short and no thread
  // idles long at the end. Numbers, seeds and results do not change.
  std::function<double(const ir::Assignment&)> cost_hint;
  // Called after each trial finishes, from one thread at a time.
  std::function<void(const TrialRecord&, const StudyProgress&)> progress;
  Diagnostics* diagnostics = nullptr;  // user mistakes go here (else kept in StudyResult::errors)
  // Cooperation with other processes on the same store and study
  // (docs/distributed.md): trials are claimed from the store under leases
  // instead of numbered here, and samplers see every process's trials.
  bool shared = false;
  bool worker_only = false;        // shared: stop when nothing is left to claim, without waiting for the others
  double lease_seconds = 30;       // shared: a trial's lease, renewed every third of it while it runs
  std::string worker_id;           // shared: shown in the store (host:pid)
  std::function<void(const std::string&)> warn;  // shared: e.g. a late result rejected (else only in notes)
};

struct StudyResult {
  bool ok = false;                 // false: nothing ran (bad options, store refused, space incompatible)
  std::string study;
  std::vector<TrialRecord> trials; // every trial of the study, by number (earlier runs included)
  int best = -1;                   // index into `trials` of the best complete trial, or -1
  int complete = 0, pruned = 0, failed = 0, interrupted = 0;
  int ran = 0;                     // trials run in this call
  bool resumed = false;            // the study existed before this call
  std::string stop_reason;         // "trial budget reached", "time budget reached", "stopped", "grid exhausted"
  std::vector<std::string> notes;  // e.g. what a compatible space change kept
  std::vector<std::string> errors; // why ok is false (also reported to options.diagnostics)
  double seconds = 0;
  bool maximize = false;
  // TrialOutcome::keep of the best trial when it ran in this call (null
  // for a best trial of an earlier run, or an objective that keeps nothing).
  std::shared_ptr<void> best_kept;
};

StudyResult run_study(const ir::SearchSpace& space, const ir::TuneSpec& spec, Objective objective,
                      StudyStore& store, const StudyOptions& options);

}  // namespace xp::rt
