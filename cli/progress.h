#pragma once
// Progress of a run on the console (rt::Progress). On a terminal, one live
// line redrawn in place: the study (trial k of N, elapsed, ETA, best so far,
// running/pruned/failed) or the epochs of a single training. On a pipe, in
// CI or with EXP_NO_PROGRESS=1, plain log lines at every tenth of the work
// instead (plus every failure), so logs stay short and diffable.
// Callbacks arrive from worker threads; every method takes one lock.
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "cli/terminal.h"
#include "runtime/core/progress.h"

namespace xp::cli {

class ConsoleProgress final : public rt::Progress {
 public:
  enum class Mode { Live, Log };
  using Clock = std::function<double()>;  // seconds; injectable for tests

  ConsoleProgress(std::FILE* out, Mode mode, Style style, int width, Clock clock = {});
  // Writes to stderr, live when stderr is a terminal (see Terminal::detect).
  static std::unique_ptr<ConsoleProgress> for_stderr();

  void stage(const std::string& what) override;
  void epoch(const rt::EpochEvent& e) override;
  void trial_started(int trial, const ir::Assignment& hypers) override;
  void trial_finished(const rt::TrialEvent& e, const rt::StudyStatus& s) override;
  void message(const std::string& text) override;
  // Clears the live line (call before printing the report).
  void finish();

 private:
  void print_line(const std::string& text);     // a permanent line (clears the live one first)
  void redraw(bool force);
  std::string study_line() const;
  std::string epoch_line() const;
  double now() const;

  std::FILE* out_;
  Mode mode_;
  Style style_;
  int width_;
  Clock clock_;
  std::mutex mu_;
  std::string stage_;
  bool live_visible_ = false;
  double last_draw_ = -1;
  // the latest state worth drawing
  bool have_study_ = false;
  rt::StudyStatus study_{};
  int running_ = 0;
  bool have_epoch_ = false;
  rt::EpochEvent epoch_{};
  int logged_tenth_ = 0;   // Log mode: the last tenth of the trial budget logged
};

}  // namespace xp::cli
