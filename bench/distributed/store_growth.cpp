// Whether a shared study's store cost per trial stays flat as the study
// grows: one process claims, starts and finishes trials (the calls a worker
// makes, with a trivial objective) on a store — PostgreSQL or one SQLite
// file — and prints the mean time of those calls per trial, of a barrier's
// read of what changed since the last (StudyStore::load_changes, what the
// shared runner reads), and of a read of the whole study (what it read
// before schema v2), in windows early and late in the study.
// Usage: store_growth URL TRIALS [WINDOW]   (URL: postgresql://… or sqlite:///path)
// bench/distributed/growth.sh builds it and starts a throw-away server.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/store/open_store.h"

using namespace xp;
using namespace xp::rt;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

TrialRecord growth_trial(int number, int attempt) {
  TrialRecord t;
  t.number = number;
  t.attempt = attempt;
  t.seed = 1000 + static_cast<uint64_t>(number);
  t.started = 1700000000;
  t.hypers["x"] = ir::Value::num(0.5 + number * 1e-6);
  t.hypers["y"] = ir::Value::num(number % 7, true);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: store_growth URL TRIALS [WINDOW]\n");
    return 2;
  }
  const int trials = std::atoi(argv[2]);
  const int window = argc > 3 ? std::atoi(argv[3]) : 100;
  auto store = open_store_url(argv[1]);
  StudyInfo info;
  info.name = "growth-" + std::to_string(::time(nullptr));
  info.space_canonical = "x ~ uniform(0, 1)\n";
  info.space_json = "{}";
  info.method = "random";
  info.seed = 1;
  store->create_study(info);
  std::printf("%-20s %13s %19s %17s\n", "trials in the study", "ms per trial", "ms per changes read",
              "ms per whole read");
  double trial_ms = 0, read_ms = 0, whole_ms = 0;
  int64_t cursor = store->load_changes(info.name, 0).cursor;
  int in_window = 0;
  for (int n = 0; n < trials; ++n) {
    const auto t0 = Clock::now();
    auto claim = store->claim_trial(info.name, trials, 60, "bench");
    if (!claim) return 1;
    TrialRecord t = growth_trial(claim->number, claim->attempt);
    store->trial_started(info.name, t);
    t.state = TrialState::Complete;
    t.value = 0.25;
    t.finished = 1700000001;
    t.metrics["loss"] = 0.25;
    store->trial_finished(info.name, t);
    const double one_trial = ms_since(t0);
    // A barrier's read, as the shared runner makes it: after every trial.
    const auto r0 = Clock::now();
    cursor = store->load_changes(info.name, cursor).cursor;
    const double one_read = ms_since(r0);
    const int done = n + 1;
    // Measured in a window of trials before each checkpoint only: the reads
    // of the whole study that the runner made before would take minutes in all.
    const bool measured = (done % 1000) > 1000 - window || (done % 1000 == 0) || done <= window;
    if (!measured) continue;
    trial_ms += one_trial;
    read_ms += one_read;
    const auto w0 = Clock::now();
    store->load_trials(info.name);
    whole_ms += ms_since(w0);
    if (++in_window == window) {
      std::printf("%-20d %13.3f %19.3f %17.3f\n", done, trial_ms / window, read_ms / window, whole_ms / window);
      trial_ms = read_ms = whole_ms = 0;
      in_window = 0;
    }
  }
  return 0;
}
