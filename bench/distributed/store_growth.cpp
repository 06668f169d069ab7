// Whether a shared study's store cost per trial stays flat as the study
// grows: one process fills a small study (SMALL trials) and a big one (BIG
// trials) through the calls a worker makes — claim, start, result, with a
// trivial objective — then runs ROUNDS more trials on each, alternating
// small and big so that whatever else loads the machine weighs on both
// alike, and prints the mean time per trial of those calls, of a barrier's
// read of what changed since the last (StudyStore::load_changes, what the
// shared runner reads), and of a read of the whole study (what the runner
// read at every barrier before schema v2), with the big/small ratios.
// Usage: store_growth URL [BIG] [SMALL] [ROUNDS]   (URL: postgresql://… or sqlite:///path)
// bench/distributed/growth.sh builds it and starts a throw-away server.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "runtime/store/open_store.h"

using namespace xp;
using namespace xp::rt;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct GrowthStudy {
  std::string name;
  int64_t cursor = 0;
  double trial_ms = 0, changes_ms = 0, whole_ms = 0;
};

// One trial as a worker runs it, then its barrier's read; with `timed`, the
// time of each step is added to the study's sums (and a whole read made).
void growth_trial(StudyStore& store, GrowthStudy& s, bool timed) {
  const auto t0 = Clock::now();
  auto claim = store.claim_trial(s.name, 1 << 30, 60, "bench");
  if (!claim) std::abort();
  TrialRecord t;
  t.number = claim->number;
  t.attempt = claim->attempt;
  t.seed = 1000 + static_cast<uint64_t>(t.number);
  t.started = 1700000000;
  t.hypers["x"] = ir::Value::num(0.5 + t.number * 1e-6);
  t.hypers["y"] = ir::Value::num(t.number % 7, true);
  store.trial_started(s.name, t);
  t.state = TrialState::Complete;
  t.value = 0.25;
  t.finished = 1700000001;
  t.metrics["loss"] = 0.25;
  store.trial_finished(s.name, t);
  const double trial = ms_since(t0);
  const auto r0 = Clock::now();
  s.cursor = store.load_changes(s.name, s.cursor).cursor;
  const double changes = ms_since(r0);
  if (!timed) return;
  s.trial_ms += trial;
  s.changes_ms += changes;
  const auto w0 = Clock::now();
  store.load_trials(s.name);
  s.whole_ms += ms_since(w0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_growth URL [BIG] [SMALL] [ROUNDS]\n");
    return 2;
  }
  const int big = argc > 2 ? std::atoi(argv[2]) : 5000;
  const int small = argc > 3 ? std::atoi(argv[3]) : 100;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 200;
  auto store = open_store_url(argv[1]);
  GrowthStudy studies[2];
  const int sizes[2] = {small, big};
  for (int i = 0; i < 2; ++i) {
    StudyInfo info;
    info.name = "growth-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(i);
    info.space_canonical = "x ~ uniform(0, 1)\n";
    info.space_json = "{}";
    info.method = "random";
    info.seed = 1;
    store->create_study(info);
    studies[i].name = info.name;
    for (int n = 0; n < sizes[i]; ++n) growth_trial(*store, studies[i], false);
  }
  for (int r = 0; r < rounds; ++r)
    for (auto& s : studies) growth_trial(*store, s, true);
  std::printf("%-20s %13s %19s %17s\n", "trials in the study", "ms per trial", "ms per changes read",
              "ms per whole read");
  for (int i = 0; i < 2; ++i)
    std::printf("%-20s %13.3f %19.3f %17.3f\n", (std::to_string(sizes[i]) + "+").c_str(), studies[i].trial_ms / rounds,
                studies[i].changes_ms / rounds, studies[i].whole_ms / rounds);
  std::printf("%-20s %13.2f %19.2f %17.2f\n", "ratio big/small", studies[1].trial_ms / studies[0].trial_ms,
              studies[1].changes_ms / studies[0].changes_ms, studies[1].whole_ms / studies[0].whole_ms);
  return 0;
}
