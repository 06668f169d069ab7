#pragma once
// The behaviour every study store must have, written once and run against
// each backend: a backend is a type with `std::shared_ptr<StudyStore> open()`
// (a new connection to the same storage each call, as another process would
// have) and `std::string study(base)` (a study name unique to this run, so a
// shared server needs no cleaning). tests/runtime/store/test_store.cpp runs it on the
// memory and SQLite stores, tests/pg/test_pg_store.cpp on PostgreSQL:
//
//   TEST_CASE_TEMPLATE_INVOKE(store_conformance, MemoryBackend, SqliteBackend);
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/store/copy_study.h"
#include "runtime/store/memory_store.h"
#include "runtime/store/store.h"

namespace xp::rt::conformance {

inline StudyInfo conformance_study(std::string name) {
  StudyInfo info;
  info.name = std::move(name);
  info.space_canonical = "lr ~ loguniform(0.0001, 0.1)\n";
  info.space_hash = 0xF00DFACECAFEBEEFull;  // above INT64_MAX: must survive a signed column
  info.space_json = R"({"hypers":[{"name":"lr","kind":"loguniform","low":0.0001,"high":0.1}]})";
  info.method = "tpe";
  info.maximize = true;
  info.seed = 18446744073709551557ull;
  info.created = 1700000000.5;
  return info;
}

inline TrialRecord conformance_trial(int number, int attempt = 0) {
  TrialRecord t;
  t.number = number;
  t.attempt = attempt;
  t.seed = 40 + static_cast<uint64_t>(number);
  t.started = 1700000001;
  t.hypers["lr"] = ir::Value::num(0.003);
  t.hypers["act"] = ir::Value::name("relu");
  t.hypers["note"] = ir::Value::str("a 'quoted' string");
  t.hypers["hidden"] = ir::Value::num(32, true);
  return t;
}

inline TrialRecord finished(TrialRecord t, double value) {
  t.state = TrialState::Complete;
  t.value = value;
  t.seconds = 1.25;
  t.finished = 1700000002;
  t.metrics["val.loss"] = 0.31;
  return t;
}

}  // namespace xp::rt::conformance

TEST_CASE_TEMPLATE_DEFINE("store conformance", Backend, store_conformance) {
  using namespace xp;
  using namespace xp::rt;
  using namespace xp::rt::conformance;
  Backend backend;
  auto store = backend.open();

  SUBCASE("a study and its trials round-trip, values bound, never spliced") {
    const std::string name = backend.study("it's a \"study\"'); DROP TABLE trials; --");
    CHECK_FALSE(store->find_study(name).has_value());
    store->create_study(conformance_study(name));
    auto info = store->find_study(name);
    REQUIRE(info);
    CHECK(info->name == name);
    CHECK(info->space_hash == 0xF00DFACECAFEBEEFull);
    CHECK(info->seed == 18446744073709551557ull);
    CHECK(info->space_json == conformance_study(name).space_json);
    CHECK(info->maximize);
    CHECK(info->method == "tpe");

    TrialRecord t = conformance_trial(0);
    store->trial_started(name, t);
    store->trial_reported(name, 0, 1, 0.5);
    store->trial_reported(name, 0, 2, 0.7);
    store->trial_reported(name, 0, 2, 0.75);  // a step reported twice keeps the last value
    store->trial_finished(name, finished(t, 0.8));
    store->trial_started(name, conformance_trial(1));  // left running, as after a crash

    auto trials = backend.open()->load_trials(name);  // another connection sees it all
    REQUIRE(trials.size() == 2);
    CHECK(trials[0].number == 0);
    CHECK(trials[0].state == TrialState::Complete);
    CHECK(trials[0].value == 0.8);
    CHECK(trials[0].seed == 40);
    CHECK(trials[0].seconds == 1.25);
    CHECK(trials[0].hypers == t.hypers);
    CHECK(trials[0].hypers.at("hidden").is_int);
    REQUIRE(trials[0].intermediate.size() == 2);
    CHECK(trials[0].intermediate[1] == std::pair<int, double>{2, 0.75});
    CHECK(trials[0].metrics.at("val.loss") == 0.31);
    CHECK(trials[1].state == TrialState::Running);
    CHECK(std::isnan(trials[1].value));

    CHECK_THROWS_AS(store->trial_started(name, t), StoreError);  // a finished trial is never started again
    store->trial_reported(name, 1, 1, 9.0);
    store->trial_started(name, conformance_trial(1));  // a running trial restarts clean
    CHECK(store->load_trials(name)[1].intermediate.empty());

    store->update_space(name, "lr ~ loguniform(0.0001, 1)\n", 7, "{}");
    CHECK(store->find_study(name)->space_hash == 7);
    store->delete_study(name);
    CHECK_FALSE(store->find_study(name).has_value());
    store->create_study(conformance_study(name));
    CHECK(store->load_trials(name).empty());
  }

  SUBCASE("a trial's intermediate values written at once read back in step order; a stale attempt writes none") {
    const std::string name = backend.study("steps at once");
    store->create_study(conformance_study(name));
    TrialRecord t = conformance_trial(0);
    store->trial_started(name, t);
    CHECK(store->trial_reported_all(name, 0, {{1, 0.5}, {2, 0.625}, {3, 0.75}}));
    store->trial_finished(name, finished(t, 0.8));
    auto trials = backend.open()->load_trials(name);
    REQUIRE(trials.size() == 1);
    CHECK(trials[0].intermediate == std::vector<std::pair<int, double>>{{1, 0.5}, {2, 0.625}, {3, 0.75}});
    store->trial_started(name, conformance_trial(1));
    CHECK_FALSE(store->trial_reported_all(name, 1, {{1, 0.5}}, 7));  // attempt 7 is not the trial's
    CHECK(store->load_trials(name)[1].intermediate.empty());
  }

  SUBCASE("claims hand out the lowest free numbers, each once, up to the limit") {
    const std::string name = backend.study("claims");
    store->create_study(conformance_study(name));
    for (int n = 0; n < 3; ++n) {
      auto c = store->claim_trial(name, 3, 60, "w");
      REQUIRE(c);
      CHECK(c->number == n);
      CHECK(c->attempt == 1);
      CHECK_FALSE(c->rerun);
    }
    CHECK_FALSE(backend.open()->claim_trial(name, 3, 60, "other").has_value());  // live leases are not claimable
    auto more = store->claim_trial(name, 5, 60, "w");  // a larger limit (another budget) goes on from there
    REQUIRE(more);
    CHECK(more->number == 3);
    auto trials = store->load_trials(name);
    REQUIRE(trials.size() == 4);
    for (const auto& t : trials) {
      CHECK(t.state == TrialState::Running);
      CHECK(t.attempt == 1);
    }
  }

  SUBCASE("an expired lease is claimed again with the same number; the old holder's late writes are rejected") {
    const std::string name = backend.study("leases");
    store->create_study(conformance_study(name));
    auto first = store->claim_trial(name, 10, 0.2, "stopped");
    REQUIRE(first);
    REQUIRE(first->number == 0);
    TrialRecord old = conformance_trial(0, first->attempt);
    CHECK(store->trial_started(name, old));
    CHECK(store->trial_reported(name, 0, 1, 0.5, first->attempt));
    auto other = backend.open();
    auto next = other->claim_trial(name, 10, 60, "other");
    REQUIRE(next);
    CHECK(next->number == 1);  // trial 0's lease is still live
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    auto again = other->claim_trial(name, 10, 60, "other");
    REQUIRE(again);
    CHECK(again->number == 0);
    CHECK(again->attempt == first->attempt + 1);
    CHECK(again->rerun);
    CHECK(again->hypers == old.hypers);  // re-run with what it ran with

    // The stopped worker wakes up: nothing it writes counts any more.
    CHECK_FALSE(store->renew_lease(name, 0, first->attempt, 60));
    CHECK_FALSE(store->trial_reported(name, 0, 2, 0.6, first->attempt));
    CHECK_FALSE(store->trial_finished(name, finished(old, 0.123)));
    // The new holder's result counts, once.
    TrialRecord redo = conformance_trial(0, again->attempt);
    CHECK(other->trial_started(name, redo));
    CHECK(other->trial_reported(name, 0, 1, 0.4, again->attempt));
    CHECK(other->trial_finished(name, finished(redo, 0.9)));
    CHECK_FALSE(store->trial_finished(name, finished(old, 0.123)));
    CHECK_FALSE(store->trial_started(name, old));  // a superseded start after the takeover finished: no error either
    auto trials = store->load_trials(name);
    REQUIRE(trials.size() == 2);
    CHECK(trials[0].state == TrialState::Complete);
    CHECK(trials[0].value == 0.9);
    CHECK(trials[0].attempt == again->attempt);
    REQUIRE(trials[0].intermediate.size() == 1);
    CHECK(trials[0].intermediate[0].second == 0.4);
    // A finished trial is never claimed again, however old its lease.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto after = store->claim_trial(name, 10, 60, "w");
    REQUIRE(after);
    CHECK(after->number == 2);
  }

  SUBCASE("a renewed lease outlives its first deadline") {
    const std::string name = backend.study("renew");
    store->create_study(conformance_study(name));
    auto c = store->claim_trial(name, 1, 0.3, "w");
    REQUIRE(c);
    for (int i = 0; i < 4; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      CHECK(store->renew_lease(name, 0, c->attempt, 0.3));
    }
    CHECK_FALSE(backend.open()->claim_trial(name, 1, 60, "other").has_value());
  }

  SUBCASE("claims go on after the numbers an unfenced run used, in any order, and fill its holes") {
    const std::string name = backend.study("holes");
    store->create_study(conformance_study(name));
    for (int n : {1, 0, 2, 5}) {  // threads of one run start trials in any order; 3 and 4 never started
      TrialRecord t = conformance_trial(n);
      store->trial_started(name, t);
      store->trial_finished(name, finished(t, 0.5));
    }
    std::vector<int> got;
    while (auto c = store->claim_trial(name, 8, 60, "w")) got.push_back(c->number);
    CHECK(got == std::vector<int>{3, 4, 6, 7});
  }

  SUBCASE("a trial an unfenced run left running is claimable") {
    const std::string name = backend.study("crashed");
    store->create_study(conformance_study(name));
    store->trial_started(name, conformance_trial(0));
    auto c = store->claim_trial(name, 2, 60, "w");
    REQUIRE(c);
    CHECK(c->number == 0);
    CHECK(c->rerun);
    CHECK(c->hypers.at("act") == ir::Value::name("relu"));
  }

  SUBCASE("connections claiming at once get distinct numbers, exactly the limit of them") {
    const std::string name = backend.study("race");
    store->create_study(conformance_study(name));
    constexpr int kWorkers = 4, kLimit = 40;
    std::vector<std::vector<int>> got(kWorkers);
    std::vector<std::shared_ptr<StudyStore>> connections;
    for (int w = 0; w < kWorkers; ++w) connections.push_back(backend.open());
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w)
      threads.emplace_back([&, w] {
        while (auto c = connections[static_cast<size_t>(w)]->claim_trial(name, kLimit, 60, "w" + std::to_string(w)))
          got[static_cast<size_t>(w)].push_back(c->number);
      });
    for (auto& t : threads) t.join();
    std::set<int> all;
    size_t count = 0;
    for (const auto& g : got) {
      count += g.size();
      all.insert(g.begin(), g.end());
    }
    CHECK(count == static_cast<size_t>(kLimit));
    CHECK(all.size() == static_cast<size_t>(kLimit));
    CHECK(*all.rbegin() == kLimit - 1);
  }

  SUBCASE("a read of the changes brings every trial changed since the last read, and no older one") {
    const std::string name = backend.study("changes");
    store->create_study(conformance_study(name));
    for (int n = 0; n < 3; ++n) REQUIRE(store->claim_trial(name, 10, 60, "w"));
    TrialRecord t0 = conformance_trial(0, 1);
    store->trial_started(name, t0);
    store->trial_finished(name, finished(t0, 0.8));
    const TrialChanges all = store->load_changes(name, 0);  // from 0: the whole study
    REQUIRE(all.trials.size() == 3);
    CHECK(all.trials[0].state == TrialState::Complete);
    CHECK(all.trials[0].hypers == t0.hypers);
    CHECK(all.trials[0].metrics.at("val.loss") == 0.31);
    CHECK(store->load_changes(name, all.cursor).trials.empty());  // nothing written since

    // Another process writes: a start, a report, a result and a new claim.
    auto other = backend.open();
    TrialRecord t1 = conformance_trial(1, 1);
    other->trial_started(name, t1);
    other->trial_reported(name, 1, 1, 0.5, 1);
    other->trial_finished(name, finished(t1, 0.6));
    TrialRecord t2 = conformance_trial(2, 1);
    other->trial_started(name, t2);
    other->trial_reported(name, 2, 1, 0.25, 1);
    REQUIRE(other->claim_trial(name, 10, 60, "w2"));
    const TrialChanges since = store->load_changes(name, all.cursor);
    std::vector<int> numbers;
    for (const auto& t : since.trials) numbers.push_back(t.number);
    CHECK(numbers == std::vector<int>{1, 2, 3});  // trial 0 did not change
    REQUIRE(since.trials.size() == 3);
    CHECK(since.trials[0].state == TrialState::Complete);
    CHECK(since.trials[0].value == 0.6);
    CHECK(since.trials[0].hypers == t1.hypers);
    CHECK(since.trials[0].intermediate == std::vector<std::pair<int, double>>{{1, 0.5}});
    CHECK(since.trials[0].metrics.at("val.loss") == 0.31);
    CHECK(since.trials[1].state == TrialState::Running);
    CHECK(since.trials[1].intermediate == std::vector<std::pair<int, double>>{{1, 0.25}});
    CHECK(since.trials[2].state == TrialState::Running);
    // A lease renewal is no change; a takeover is.
    CHECK(other->renew_lease(name, 3, 1, 60));
    CHECK(store->load_changes(name, since.cursor).trials.empty());
  }

  SUBCASE("the store lists its studies by name, sorted") {
    const std::string b = backend.study("list b"), a = backend.study("list a");
    store->create_study(conformance_study(b));
    store->create_study(conformance_study(a));
    const std::vector<std::string> names = backend.open()->study_names();
    CHECK(std::is_sorted(names.begin(), names.end()));
    CHECK(std::count(names.begin(), names.end(), a) == 1);
    CHECK(std::count(names.begin(), names.end(), b) == 1);
  }

  SUBCASE("a study copied out to another store and back is the same study") {
    const std::string name = backend.study("copied");
    store->create_study(conformance_study(name));
    TrialRecord t = conformance_trial(0);
    store->trial_started(name, t);
    store->trial_reported(name, 0, 1, 0.5);
    store->trial_finished(name, finished(t, 0.8));
    store->trial_started(name, conformance_trial(1));  // left running
    MemoryStore file;  // the other side: any store
    const CopiedStudy out = copy_study(*store, file, name, name);
    CHECK(out.trials == 2);
    CHECK(out.running == 1);
    const std::string back = backend.study("copied back");
    copy_study(file, *store, name, back);
    const auto before = store->load_trials(name), after = store->load_trials(back);
    REQUIRE(after.size() == 2);
    CHECK(after[0].state == TrialState::Complete);
    CHECK(after[0].value == before[0].value);
    CHECK(after[0].hypers == before[0].hypers);
    CHECK(after[0].intermediate == before[0].intermediate);
    CHECK(after[0].metrics == before[0].metrics);
    CHECK(after[0].seed == before[0].seed);
    CHECK(after[0].seconds == before[0].seconds);
    CHECK(after[0].attempt == 0);  // claims do not travel
    CHECK(after[1].state == TrialState::Running);
    CHECK(store->find_study(back)->space_json == store->find_study(name)->space_json);
    CHECK_THROWS_AS(copy_study(file, *store, name, back), StoreError);  // never over an existing study
    CHECK_THROWS_AS(copy_study(file, *store, "no such study", backend.study("x")), StoreError);
  }
}
