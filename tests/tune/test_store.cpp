#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <chrono>
#include <fstream>
#include <thread>

#include "fixtures.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/sqlite_store.h"

using namespace xp;
using namespace xp::rt;
using namespace xp::rt::testing;

namespace {

StudyInfo study_info(std::string name) {
  StudyInfo info;
  info.name = std::move(name);
  info.space_canonical = "lr ~ loguniform(0.0001, 0.1)\n";
  info.space_hash = 0xF00DFACECAFEBEEFull;  // above INT64_MAX: must survive the signed column
  info.space_json = "{}";
  info.method = "tpe";
  info.maximize = true;
  info.seed = 18446744073709551557ull;
  info.created = 1700000000.5;
  return info;
}

// The behaviour every store must have.
void check_round_trip(StudyStore& store) {
  const std::string name = "it's a \"study\"'); DROP TABLE trials; --";
  CHECK_FALSE(store.find_study(name).has_value());
  store.create_study(study_info(name));
  auto info = store.find_study(name);
  REQUIRE(info);
  CHECK(info->name == name);
  CHECK(info->space_hash == 0xF00DFACECAFEBEEFull);
  CHECK(info->seed == 18446744073709551557ull);
  CHECK(info->maximize);
  CHECK(info->method == "tpe");

  TrialRecord t;
  t.number = 0;
  t.seed = 42;
  t.started = 1700000001;
  t.hypers["lr"] = ir::Value::num(0.003);
  t.hypers["act"] = ir::Value::name("relu");
  t.hypers["note"] = ir::Value::str("a 'quoted' string");
  t.hypers["hidden"] = ir::Value::num(32, true);
  store.trial_started(name, t);
  store.trial_reported(name, 0, 1, 0.5);
  store.trial_reported(name, 0, 2, 0.7);
  store.trial_reported(name, 0, 2, 0.75);  // a step reported twice keeps the last value
  t.state = TrialState::Complete;
  t.value = 0.8;
  t.seconds = 1.25;
  t.finished = 1700000002;
  t.metrics["val.loss"] = 0.31;
  store.trial_finished(name, t);

  TrialRecord u;
  u.number = 1;
  u.seed = 43;
  u.hypers["lr"] = ir::Value::num(0.01);
  store.trial_started(name, u);  // left running, as after a crash

  auto trials = store.load_trials(name);
  REQUIRE(trials.size() == 2);
  CHECK(trials[0].number == 0);
  CHECK(trials[0].state == TrialState::Complete);
  CHECK(trials[0].value == 0.8);
  CHECK(trials[0].seed == 42);
  CHECK(trials[0].seconds == 1.25);
  CHECK(trials[0].hypers == t.hypers);
  CHECK(trials[0].hypers.at("hidden").is_int);
  REQUIRE(trials[0].intermediate.size() == 2);
  CHECK(trials[0].intermediate[1] == std::pair<int, double>{2, 0.75});
  CHECK(trials[0].metrics.at("val.loss") == 0.31);
  CHECK(trials[1].state == TrialState::Running);
  CHECK(std::isnan(trials[1].value));

  SUBCASE("a finished trial is never started again") { CHECK_THROWS_AS(store.trial_started(name, t), StoreError); }
  SUBCASE("a running trial restarts clean") {
    store.trial_reported(name, 1, 1, 9.0);
    store.trial_started(name, u);
    auto again = store.load_trials(name);
    CHECK(again[1].intermediate.empty());
    CHECK(again.size() == 2);
  }
  SUBCASE("delete removes the study and its trials") {
    store.delete_study(name);
    CHECK_FALSE(store.find_study(name).has_value());
    store.create_study(study_info(name));
    CHECK(store.load_trials(name).empty());
  }
}

}  // namespace

TEST_CASE("memory store round trip") {
  MemoryStore store;
  check_round_trip(store);
}

TEST_CASE("sqlite store round trip, and data survive reopening") {
  TempPath db("exp-store");
  {
    SqliteStore store(db.str());
    check_round_trip(store);
  }
  SqliteStore reopened(db.str());
  auto info = reopened.find_study("it's a \"study\"'); DROP TABLE trials; --");
  REQUIRE(info);
  CHECK(info->seed == 18446744073709551557ull);
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
      CHECK(msg.find("version 1") != std::string::npos);
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
    store.create_study(study_info("after the wait"));
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
