// The store conformance suite (tests/runtime/store/store_conformance.h) on a real
// PostgreSQL server: EXP_PG_URL names it (run_pg_tests.sh sets it). Without
// it the test fails — a PostgreSQL test is never skipped silently.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "runtime/store/pg_store.h"
#include "tests/runtime/store/store_conformance.h"

using namespace xp;
using namespace xp::rt;

namespace {

std::string pg_url() {
  const char* url = std::getenv("EXP_PG_URL");
  if (!url || !*url) FAIL("EXP_PG_URL is not set: run these tests through tests/pg/run_pg_tests.sh, which starts a server");
  return url;
}

struct PgBackend {
  std::string url = pg_url();
  std::shared_ptr<StudyStore> open() { return std::make_shared<PgStore>(url); }
  // The server outlives one test: every study gets a name of its own.
  std::string study(const std::string& base) {
    static std::atomic<int> counter{0};
    return base + " #" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  }
};

}  // namespace

TEST_CASE_TEMPLATE_INVOKE(store_conformance, PgBackend);

TEST_CASE("postgresql store: a wrong URL is a readable error, without the password") {
  try {
    PgStore store("postgresql://someone:secret@/nodb?host=/nonexistent-exp-dir", 1);
    FAIL("connected to a server that does not exist");
  } catch (const StoreError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("cannot connect") != std::string::npos);
    CHECK(msg.find("secret") == std::string::npos);
    CHECK(e.io());
  }
}

TEST_CASE("postgresql store: schema is created once by processes opening together, and reopened") {
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      try {
        PgStore s(pg_url());
      } catch (const StoreError&) {
        ++failed;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(failed == 0);
}

TEST_CASE("postgresql store: a claimed trial costs 9 round trips, however many trials came before") {
  PgStore store(pg_url());
  PgBackend names;
  const std::string study = names.study("round trips");
  store.create_study(conformance::conformance_study(study));
  auto one_trial = [&](int expect_number) {
    const long before = PgStore::round_trips();
    auto claim = store.claim_trial(study, 1000, 60, "w");
    REQUIRE(claim);
    CHECK(claim->number == expect_number);
    TrialRecord t = conformance::conformance_trial(claim->number, claim->attempt);
    REQUIRE(store.trial_started(study, t));
    REQUIRE(store.trial_finished(study, conformance::finished(t, 0.5)));
    return PgStore::round_trips() - before;
  };
  one_trial(0);  // the first also looks the study's id up, once per process
  CHECK(one_trial(1) == 9);  // claim 4 (BEGIN, find, take, COMMIT) + start 4 + result 1
  for (int n = 2; n < 50; ++n) one_trial(n);
  CHECK(one_trial(50) == 9);
  // A late result of a superseded attempt changes nothing, in one round trip too.
  TrialRecord late = conformance::finished(conformance::conformance_trial(3, 7), 9.0);
  const long before = PgStore::round_trips();
  CHECK_FALSE(store.trial_finished(study, late));
  CHECK(PgStore::round_trips() - before == 1);
  CHECK(store.load_trials(study)[3].value == 0.5);
}
