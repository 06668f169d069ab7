#pragma once
// Progress events from a run, for whoever shows them: the CLI draws a live
// line on a terminal or prints plain log lines on a pipe; the REPL prints a
// summary; tests record them. The runtime never prints progress itself.
// Callbacks may come from worker threads: implementations synchronise.
#include <map>
#include <string>

#include "ir/ir.h"
#include "runtime/core/objective.h"

namespace xp::rt {

struct EpochEvent {
  int trial = -1;            // -1: a plain training run (no tuning) or the final refit
  int epoch = 0;             // 1-based
  int epochs = 0;            // planned
  double train_loss = 0;
  double val_loss = 0;       // NaN when there is no validation part
  std::map<std::string, double> metrics;  // val.accuracy ...
  double seconds = 0;        // since the training started
  double epoch_seconds = 0;  // this epoch alone
};

struct TrialEvent {
  int trial = 0;
  TrialState state = TrialState::Running;
  ir::Assignment hypers;
  double value = 0;          // objective (Complete)
  std::string reason;        // Pruned/Failed
  double seconds = 0;
};

struct StudyStatus {
  int total = 0;             // trial budget
  int finished = 0, running = 0, complete = 0, pruned = 0, failed = 0;
  bool has_best = false;
  double best_value = 0;
  int best_trial = -1;
  double elapsed = 0;        // seconds since the study started
};

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void stage(const std::string& what) {}                   // "loading iris", "refitting best"
  virtual void epoch(const EpochEvent&) {}
  virtual void trial_started(int trial, const ir::Assignment&) {}
  virtual void trial_finished(const TrialEvent&, const StudyStatus&) {}
  virtual void message(const std::string& text) {}                  // notes worth a line ("resumed 12 trials")
};

// Discards everything (the default, and --quiet).
class NoProgress final : public Progress {};

}  // namespace xp::rt
