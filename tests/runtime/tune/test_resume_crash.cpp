// Resume after a crash: a child process runs a study into an SQLite file and
// is killed with SIGKILL mid-study (twice, at different points); resuming
// must complete the budget with no completed trial lost or duplicated, and
// give exactly the trials an uninterrupted run gives.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <set>
#include <thread>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"
#include "runtime/tune/study.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

constexpr int kBudget = 120;

ir::SearchSpace crash_space() { return space_of({uniform("x", -3, 3), loguniform("lr", 1e-4, 1), integer("n", 1, 8)}); }

TrialOutcome slow_objective(const ir::Assignment& a, TrialContext& ctx) {
  TrialOutcome out;
  for (int e = 1; e <= 3; ++e) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    out.value = std::pow(num(a, "x") - 1, 2) + std::abs(std::log10(num(a, "lr")) + 2) + num(a, "n") / e;
    ctx.report(e, out.value);
  }
  return out;
}

StudyOptions crash_options() {
  StudyOptions o;
  o.name = "crashy";
  o.seed = 77;
  o.parallel = 2;
  return o;
}

StudyResult run_into(StudyStore& store) { return run_study(crash_space(), tune_spec("tpe", kBudget), slow_objective, store, crash_options()); }

int finished_in(const std::string& path) {
  try {
    SqliteStore store(path);
    if (!store.find_study("crashy")) return 0;
    int n = 0;
    for (const auto& t : store.load_trials("crashy")) n += t.finished_state();
    return n;
  } catch (const StoreError&) {
    return 0;
  }
}

// Runs the study in a child process and kills it once `kill_after` trials have finished.
void run_and_kill(const std::string& path, int kill_after) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    try {
      SqliteStore store(path);
      run_into(store);
    } catch (...) {
    }
    _exit(0);
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished_in(path) < kill_after && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));  // it really died mid-study, not at the end
}

}  // namespace

TEST_CASE("resume after kill -9 completes the budget with no trial lost or duplicated") {
  TempPath db("exp-crash");
  run_and_kill(db.str(), 20);
  const int after_first = finished_in(db.str());
  CHECK(after_first >= 20);
  CHECK(after_first < kBudget);
  run_and_kill(db.str(), after_first + 30);
  const int after_second = finished_in(db.str());
  CHECK(after_second > after_first);

  SqliteStore store(db.str());
  auto before = store.load_trials("crashy");
  std::map<int, TrialRecord> completed_before;
  for (const auto& t : before)
    if (t.state == TrialState::Complete) completed_before[t.number] = t;

  auto resumed = run_into(store);
  REQUIRE(resumed.ok);
  CHECK(resumed.resumed);
  REQUIRE(resumed.trials.size() == static_cast<size_t>(kBudget));
  std::set<int> numbers;
  for (const auto& t : resumed.trials) {
    numbers.insert(t.number);
    CHECK(t.state == TrialState::Complete);
  }
  CHECK(numbers.size() == static_cast<size_t>(kBudget));
  CHECK(*numbers.rbegin() == kBudget - 1);
  // Nothing finished before the crash was run again or changed.
  for (const auto& [n, t] : completed_before) {
    CHECK(resumed.trials[static_cast<size_t>(n)].value == t.value);
    CHECK(resumed.trials[static_cast<size_t>(n)].finished == t.finished);
  }
  CHECK(resumed.ran == kBudget - static_cast<int>(completed_before.size()));

  // The same trials as a run that was never interrupted.
  MemoryStore memory;
  auto straight = run_into(memory);
  for (int n = 0; n < kBudget; ++n) {
    CAPTURE(n);
    CHECK(resumed.trials[static_cast<size_t>(n)].hypers == straight.trials[static_cast<size_t>(n)].hypers);
    CHECK(resumed.trials[static_cast<size_t>(n)].value == straight.trials[static_cast<size_t>(n)].value);
  }
  CHECK(resumed.best == straight.best);
}
