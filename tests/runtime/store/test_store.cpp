#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/runtime/tune/fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"
#include "tests/runtime/store/store_conformance.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

struct MemoryBackend {
  std::shared_ptr<MemoryStore> shared = std::make_shared<MemoryStore>();
  std::shared_ptr<StudyStore> open() { return shared; }  // one object: its connections are threads
  std::string study(std::string base) { return base; }
};

struct SqliteBackend {
  TempPath db{"exp-conformance"};
  std::shared_ptr<StudyStore> open() { return std::make_shared<SqliteStore>(db.str()); }
  std::string study(std::string base) { return base; }
};

}  // namespace

TEST_CASE_TEMPLATE_INVOKE(store_conformance, MemoryBackend, SqliteBackend);

TEST_CASE("sqlite store: data survive reopening") {
  TempPath db("exp-store");
  {
    SqliteStore store(db.str());
    store.create_study(conformance::conformance_study("kept"));
    store.trial_started("kept", conformance::conformance_trial(0));
  }
  SqliteStore reopened(db.str());
  auto info = reopened.find_study("kept");
  REQUIRE(info);
  CHECK(info->seed == 18446744073709551557ull);
  CHECK(reopened.load_trials("kept").size() == 1);
}

namespace {

// A study store as exp wrote it with schema version 1 (before leases): a
// study `old` with trial 0 complete and trial 1 left running, and a study
// `holes` whose run used numbers 0, 1 and 3.
const char* kSqliteV1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, space_canonical TEXT NOT NULL,
  space_hash INTEGER NOT NULL, space_json TEXT NOT NULL, method TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')), seed INTEGER NOT NULL, created REAL NOT NULL);
CREATE TABLE trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL, state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  value REAL, reason TEXT NOT NULL DEFAULT '', seed INTEGER NOT NULL, max_resource INTEGER NOT NULL DEFAULT 0,
  started REAL, finished REAL, seconds REAL, UNIQUE (study_id, number));
CREATE TABLE trial_hypers (trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE, name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('number', 'name', 'string')), number REAL, is_int INTEGER NOT NULL DEFAULT 0,
  text TEXT, PRIMARY KEY (trial_id, name));
CREATE TABLE trial_intermediate (trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL, value REAL, PRIMARY KEY (trial_id, step));
CREATE TABLE trial_metrics (trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE, name TEXT NOT NULL,
  value REAL, PRIMARY KEY (trial_id, name));
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO studies VALUES (1, 'old', 'x', 1, '{}', 'tpe', 'minimize', 5, 0);
INSERT INTO trials (id, study_id, number, state, value, seed) VALUES (1, 1, 0, 'complete', 0.25, 9);
INSERT INTO trials (id, study_id, number, state, seed) VALUES (2, 1, 1, 'running', 10);
INSERT INTO studies VALUES (2, 'holes', 'x', 1, '{}', 'tpe', 'minimize', 5, 0);
INSERT INTO trials (id, study_id, number, state, value, seed) VALUES (3, 2, 0, 'complete', 0.5, 1);
INSERT INTO trials (id, study_id, number, state, value, seed) VALUES (4, 2, 1, 'complete', 0.5, 2);
INSERT INTO trials (id, study_id, number, state, value, seed) VALUES (5, 2, 3, 'complete', 0.5, 3);
)sql";

// What schema version 2 (leases, objective vectors) added to version 1.
const char* kSqliteV1To2 = R"sql(
ALTER TABLE trials ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN lease_until REAL;
ALTER TABLE trials ADD COLUMN worker TEXT NOT NULL DEFAULT '';
CREATE TABLE trial_values (trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  objective INTEGER NOT NULL, value REAL, PRIMARY KEY (trial_id, objective));
INSERT INTO trial_values (trial_id, objective, value) SELECT id, 0, value FROM trials WHERE value IS NOT NULL;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

void write_old_store(const std::string& path, int version) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, kSqliteV1, nullptr, nullptr, nullptr) == SQLITE_OK);
  if (version == 2) REQUIRE(sqlite3_exec(raw, kSqliteV1To2, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
}

}  // namespace

// A study written by an older exp is migrated on open: its trials are kept,
// unfenced; claims take the lowest unused numbers and reads of the changes
// start from the whole study.
TEST_CASE("sqlite store migrates version-1 and version-2 files") {
  for (int version : {1, 2}) {
    CAPTURE(version);
    TempPath db("exp-migrate");
    write_old_store(db.str(), version);
    SqliteStore store(db.str());
    auto trials = store.load_trials("old");
    REQUIRE(trials.size() == 2);
    CHECK(trials[0].value == 0.25);
    CHECK(trials[0].attempt == 0);
    const TrialChanges all = store.load_changes("old", 0);
    CHECK(all.trials.size() == 2);
    CHECK(store.load_changes("old", all.cursor).trials.empty());
    auto c = store.claim_trial("old", 3, 60, "w");
    REQUIRE(c);
    CHECK(c->number == 1);  // left running by the old run
    CHECK(c->attempt == 1);
    auto next = store.claim_trial("old", 3, 60, "w");
    REQUIRE(next);
    CHECK(next->number == 2);
    const auto changed = store.load_changes("old", all.cursor).trials;
    REQUIRE(changed.size() == 2);
    CHECK(changed[0].number == 1);
    CHECK(changed[1].number == 2);
    std::vector<int> holes;
    while (auto h = store.claim_trial("holes", 6, 60, "w")) holes.push_back(h->number);
    CHECK(holes == std::vector<int>{2, 4, 5});
    SqliteStore again(db.str());  // opening a migrated file changes nothing more
    CHECK(again.load_trials("old").size() == 3);
  }
}

TEST_CASE("sqlite store refuses files it does not understand") {
  SUBCASE("an unknown schema version") {
    TempPath db("exp-schema");
    { SqliteStore store(db.str()); }
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.str().c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "UPDATE meta SET value = '99' WHERE key = 'schema_version'", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    try {
      SqliteStore store(db.str());
      FAIL("an unknown schema version was accepted");
    } catch (const StoreError& e) {
      const std::string msg = e.what();
      CHECK(msg.find("schema version 99") != std::string::npos);
      CHECK(msg.find("versions 1 to 3") != std::string::npos);
    }
  }
  SUBCASE("a file that is not SQLite") {
    TempPath db("exp-text");
    { std::ofstream(db.str()) << "this is not a database, just some text long enough to have a header........"; }
    try {
      SqliteStore store(db.str());
      FAIL("a text file was accepted");
    } catch (const StoreError& e) {
      CHECK(std::string(e.what()).find("not an exp study store") != std::string::npos);
    }
  }
  SUBCASE("another application's SQLite database") {
    TempPath db("exp-other");
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.str().c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE customers (id INTEGER)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    CHECK_THROWS_AS(SqliteStore(db.str()), StoreError);
  }
}

// Two processes opening a new store at once (`exp run` and `exp show`):
// switching a fresh file to WAL is a read→write upgrade inside SQLite, which
// never calls the busy handler, so it failed at once with "database is
// locked" while the other connection held the write lock. It must wait.
TEST_CASE("sqlite store opening waits for another connection that holds the write lock") {
  TempPath db("exp-busy-open");
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(db.str().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  std::string error;
  try {
    SqliteStore store(db.str(), 5000);
    store.create_study(conformance::conformance_study("after the wait"));
    CHECK(store.find_study("after the wait").has_value());
  } catch (const StoreError& e) {
    error = e.what();
  }
  release.join();
  sqlite3_close(other);
  CHECK(error == "");
}

TEST_CASE("sqlite store opening still gives up after its busy timeout") {
  TempPath db("exp-busy-timeout");
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(db.str().c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(SqliteStore(db.str(), 200), StoreError);
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(150));
  CHECK(waited < std::chrono::seconds(5));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
}

// The same race between real processes: several open one new file at once.
TEST_CASE("sqlite store: processes opening one new file at once all succeed") {
  for (int round = 0; round < 20; ++round) {
    TempPath db("exp-open-race");
    int start[2];
    REQUIRE(pipe(start) == 0);
    std::vector<pid_t> children;
    for (int p = 0; p < 6; ++p) {
      const pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        close(start[1]);
        char go;
        (void)!read(start[0], &go, 1);  // returns when the parent closes its end: all start together
        try {
          SqliteStore store(db.str());
          store.find_study("any");
          _exit(0);
        } catch (...) {
          _exit(1);
        }
      }
      children.push_back(child);
    }
    close(start[0]);
    close(start[1]);
    int failed = 0;
    for (pid_t c : children) {
      int status = 0;
      waitpid(c, &status, 0);
      failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CAPTURE(round);
    CHECK(failed == 0);
  }
}
