// The store conformance suite (tests/runtime/store/store_conformance.h) on a real
// PostgreSQL server: EXP_PG_URL names it (run_pg_tests.sh sets it). Without
// it the test fails — a PostgreSQL test is never skipped silently.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include <libpq-fe.h>

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

TEST_CASE("postgresql store: a claimed trial costs 3 round trips and a barrier reads what changed, however many trials came before") {
  PgStore store(pg_url());
  PgBackend names;
  const std::string study = names.study("round trips");
  store.create_study(conformance::conformance_study(study));
  int64_t cursor = store.load_changes(study, 0).cursor;
  // One trial, then the read a worker makes at its next barrier: returns
  // (round trips of the trial, trials the read brought).
  auto one_trial = [&](int expect_number) {
    const long before = PgStore::round_trips();
    auto claim = store.claim_trial(study, 100000, 60, "w");
    REQUIRE(claim);
    CHECK(claim->number == expect_number);
    TrialRecord t = conformance::conformance_trial(claim->number, claim->attempt);
    REQUIRE(store.trial_started(study, t));
    REQUIRE(store.trial_finished(study, conformance::finished(t, 0.5)));
    const long trips = PgStore::round_trips() - before;
    const TrialChanges read = store.load_changes(study, cursor);
    cursor = read.cursor;
    REQUIRE(read.trials.size() == 1);
    CHECK(read.trials[0].number == expect_number);
    CHECK(read.trials[0].state == TrialState::Complete);
    return trips;
  };
  one_trial(0);
  CHECK(one_trial(1) == 3);  // claim 1 + start 1 + result 1: one statement each
  for (int n = 2; n < 300; ++n) one_trial(n);
  CHECK(one_trial(300) == 3);
  // A late result of a superseded attempt changes nothing, in one round trip too.
  TrialRecord late = conformance::finished(conformance::conformance_trial(3, 7), 9.0);
  const long before = PgStore::round_trips();
  CHECK_FALSE(store.trial_finished(study, late));
  CHECK(PgStore::round_trips() - before == 1);
  CHECK(store.load_trials(study)[3].value == 0.5);
  CHECK(store.load_changes(study, cursor).trials.empty());
  const long idle = PgStore::round_trips();
  store.load_changes(study, cursor);
  CHECK(PgStore::round_trips() - idle == 3);  // nothing changed: BEGIN, the read, COMMIT
}

namespace {

// Runs SQL on its own connection (not through PgStore: these build what an
// older exp left behind).
// Returns the first column of the last statement's first row, if any.
std::string pg_exec(const std::string& url, const std::string& sql) {
  pg_conn* c = PQconnectdb(url.c_str());
  REQUIRE(PQstatus(c) == CONNECTION_OK);
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) MESSAGE(PQresultErrorMessage(r));
  const std::string first = ok && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
  PQclear(r);
  PQfinish(c);
  REQUIRE(ok);
  return first;
}

// The schema exp wrote as version 1 (before change stamps and next_number),
// with a study `old` whose run used numbers 0, 1 and 3 and left 1 running.
const char* kPgV1 = R"sql(
CREATE TABLE exp_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE exp_studies (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, space_canonical text NOT NULL,
  space_hash bigint NOT NULL, space_json text NOT NULL, method text NOT NULL, directions text[] NOT NULL,
  seed bigint NOT NULL, created double precision NOT NULL);
CREATE TABLE exp_trials (id bigserial PRIMARY KEY,
  study_id bigint NOT NULL REFERENCES exp_studies(id) ON DELETE CASCADE, number integer NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  objective_values double precision[], value double precision, reason text NOT NULL DEFAULT '',
  seed bigint NOT NULL DEFAULT 0, max_resource integer NOT NULL DEFAULT 0, started double precision,
  finished double precision, seconds double precision, attempt integer NOT NULL DEFAULT 0,
  lease_until timestamptz, worker text NOT NULL DEFAULT '', UNIQUE (study_id, number));
CREATE INDEX exp_trials_running ON exp_trials (study_id, number) WHERE state = 'running';
CREATE TABLE exp_trial_hypers (trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  name text NOT NULL, kind text NOT NULL CHECK (kind IN ('number', 'name', 'string')), number double precision,
  is_int boolean NOT NULL DEFAULT false, text text, PRIMARY KEY (trial_id, name));
CREATE TABLE exp_trial_intermediate (trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  step integer NOT NULL, value double precision, PRIMARY KEY (trial_id, step));
CREATE TABLE exp_trial_metrics (trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  name text NOT NULL, value double precision, PRIMARY KEY (trial_id, name));
INSERT INTO exp_meta (key, value) VALUES ('schema_version', '1');
INSERT INTO exp_studies (id, name, space_canonical, space_hash, space_json, method, directions, seed, created)
  VALUES (1, 'old', 'x', 1, '{}', 'tpe', ARRAY['minimize'], 5, 0);
INSERT INTO exp_trials (id, study_id, number, state, value, objective_values, seed) VALUES
  (1, 1, 0, 'complete', 0.25, ARRAY[0.25], 9), (3, 1, 3, 'complete', 0.5, ARRAY[0.5], 11);
INSERT INTO exp_trials (id, study_id, number, state, seed, attempt) VALUES (2, 1, 1, 'running', 10, 0);
INSERT INTO exp_trial_hypers (trial_id, name, kind, number) VALUES (2, 'lr', 'number', 0.01);
SELECT setval('exp_studies_id_seq', 1), setval('exp_trials_id_seq', 3);
)sql";

}  // namespace

TEST_CASE("postgresql store: a version-1 store is migrated on open") {
  // A database of its own, made as the old exp made it.
  const std::string db = "exp_v1_" + std::to_string(::getpid());
  pg_exec(pg_url(), "DROP DATABASE IF EXISTS " + db);
  pg_exec(pg_url(), "CREATE DATABASE " + db);
  std::string url = pg_url();
  const size_t at = url.find("/postgres?");
  REQUIRE(at != std::string::npos);
  url.replace(at, 10, "/" + db + "?");
  pg_exec(url, kPgV1);
  {
    PgStore store(url);
    const TrialChanges all = store.load_changes("old", 0);
    REQUIRE(all.trials.size() == 3);
    CHECK(all.trials[0].value == 0.25);
    CHECK(all.trials[1].state == TrialState::Running);
    CHECK(store.load_changes("old", all.cursor).trials.empty());
    auto rerun = store.claim_trial("old", 10, 60, "w");  // left running by the old run, so claimable
    REQUIRE(rerun);
    CHECK(rerun->number == 1);
    CHECK(rerun->attempt == 1);
    CHECK(rerun->hypers.at("lr").number == 0.01);
    std::vector<int> fresh;
    while (auto c = store.claim_trial("old", 6, 60, "w")) fresh.push_back(c->number);
    CHECK(fresh == std::vector<int>{2, 4, 5});  // the hole, then on after the last number used
    const auto changed = store.load_changes("old", all.cursor).trials;
    REQUIRE(changed.size() == 4);
    CHECK(changed.front().number == 1);
  }
  PgStore again(url);  // a migrated store opens as it is
  CHECK(again.load_trials("old").size() == 6);
  CHECK(pg_exec(url, "SELECT value FROM exp_meta WHERE key = 'schema_version'") == "2");
  pg_exec(pg_url(), "DROP DATABASE " + db + " WITH (FORCE)");
}
