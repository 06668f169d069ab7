#pragma once
// Ctrl-C during a run: the first SIGINT asks the run to stop cleanly (trials
// wrap up, the summary is still printed); a second one exits at once.
#include <atomic>

namespace xp::cli {

class InterruptGuard {
 public:
  // Installs the SIGINT handler for this object's lifetime (one at a time).
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // The flag the run polls (rt::RunOptions::stop).
  const std::atomic<bool>* flag() const;
  bool interrupted() const;
  void reset();  // the REPL: a new statement starts with a clear flag
};

}  // namespace xp::cli
