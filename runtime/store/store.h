#pragma once
// The study store: where a study and its trials live while it runs and after.
// Samplers never see it; the study runner writes through it as trials start,
// report and finish, and reads it back to resume. SQLite is the embedded
// default (sqlite_store.h); memory_store.h is for tests and `--no-store`;
// pg_store.h keeps a study on a PostgreSQL server that many processes on many
// machines share. All three pass one conformance suite
// (tests/runtime/store/store_conformance.h).
//
// Cooperating processes (docs/distributed.md) never pick trial numbers
// themselves: `claim_trial` hands each the lowest number nobody holds, under a
// lease (`lease_until`, on the store's clock) that the holder renews while the
// trial runs. A lease that runs out makes the trial claimable again, with the
// same number (hence seed) and the next attempt count. Every write about a
// claimed trial names its attempt; a write from a superseded attempt (a
// worker that was stopped past its lease and woke up) changes nothing and
// returns false. Attempt 0 means unfenced: one process that owns the study
// (plain `exp run`).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/core/trial.h"

namespace xp::rt {

// The store could not do what was asked: unreadable file, unknown schema
// version, disk full, lock held too long. The message is for the user.
class StoreError : public std::runtime_error {
 public:
  // `io`: the disk or the folder failed (full, read-only, I/O error) — the
  // file itself may be fine; otherwise the file's contents are at fault.
  explicit StoreError(const std::string& what, bool io = false) : std::runtime_error(what), io_(io) {}
  bool io() const { return io_; }

 private:
  bool io_ = false;
};

struct StudyInfo {
  std::string name;
  std::string space_canonical;  // ir::SearchSpace::canonical(), shown in diffs
  uint64_t space_hash = 0;      // ir::SearchSpace::hash()
  std::string space_json;       // structured copy of the space (space_codec.h) for compatibility checks
  std::string method;           // tpe, random, ...
  bool maximize = false;
  uint64_t seed = 0;
  double created = 0;           // unix seconds
};

// A trial handed to one process by `claim_trial`.
struct Claim {
  int number = -1;
  int attempt = 1;           // 1 for a first run; more when an earlier holder's lease ran out
  bool rerun = false;        // the trial had run before (then `hypers` are what it ran with, if any)
  ir::Assignment hypers;
  int max_resource = 0;
};

// What StudyStore::load_changes returns.
struct TrialChanges {
  std::vector<TrialRecord> trials;  // ascending number
  int64_t cursor = 0;               // `since` for the next read
};

class StudyStore {
 public:
  virtual ~StudyStore() = default;
  // A short description for messages ("runs/study.db", "memory").
  virtual std::string where() const = 0;

  virtual std::optional<StudyInfo> find_study(const std::string& name) = 0;
  // The names of the studies the store holds, sorted (`exp show --storage URL`).
  virtual std::vector<std::string> study_names() = 0;
  virtual void create_study(const StudyInfo& info) = 0;
  // After a compatible space change: the study continues with the new space.
  virtual void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                            const std::string& space_json) = 0;
  virtual void delete_study(const std::string& name) = 0;

  // Every trial of the study with its hypers and intermediate values, by number.
  std::vector<TrialRecord> load_trials(const std::string& study) { return load_changes(study, 0).trials; }
  // The trials that changed (claimed, started, reported, finished) since the
  // read that returned `since` as its cursor, by number — with 0, every trial
  // — and the cursor for the next read: what a worker at a batch barrier
  // reads, so that a barrier costs the changes since the last one, not the
  // whole study. It may repeat a trial that did not change since (PostgreSQL
  // repeats those written by transactions still open at the last read); it
  // never misses one that did.
  virtual TrialChanges load_changes(const std::string& study, int64_t since) = 0;
  // Inserts the trial as running, or resets an existing running trial of the
  // same number (a re-run after a crash): its old intermediate values go.
  // Refuses (StoreError) to touch a trial that already finished. With
  // t.attempt > 0, false (nothing written) when another attempt has taken
  // the trial over (whether or not that one has finished it since).
  virtual bool trial_started(const std::string& study, const TrialRecord& t) = 0;
  // false: `attempt` (> 0) is no longer the trial's current attempt.
  virtual bool trial_reported(const std::string& study, int number, int step, double value, int attempt = 0) = 0;
  // Every intermediate value of a trial at once, when nothing reads them
  // while it runs (one process owns the study: its pruner reads the
  // runner's own records). By default one trial_reported per step; a store
  // may write them in one transaction. false as trial_reported.
  virtual bool trial_reported_all(const std::string& study, int number,
                                  const std::vector<std::pair<int, double>>& steps, int attempt = 0) {
    for (const auto& [step, value] : steps)
      if (!trial_reported(study, number, step, value, attempt)) return false;
    return true;
  }
  // Records the final state, value(s), reason, metrics and timings — one
  // transaction with the state change. false (nothing written) for a late
  // result: t.attempt > 0 and another attempt has taken the trial over.
  virtual bool trial_finished(const std::string& study, const TrialRecord& t) = 0;

  // Claims, atomically among all processes sharing the store, the lowest
  // number below `limit` that is neither finished nor held under a live lease:
  // a number never run, or a running trial whose lease has expired (or that
  // an unfenced run left running). The trial is then running, held by
  // `worker` until now + lease_seconds (the store's clock). nullopt: none left.
  virtual std::optional<Claim> claim_trial(const std::string& study, int limit, double lease_seconds,
                                           const std::string& worker) = 0;
  // Extends the lease of (number, attempt) to now + lease_seconds; false when
  // that attempt is no longer current or the trial has finished.
  virtual bool renew_lease(const std::string& study, int number, int attempt, double lease_seconds) = 0;
  // Returns when a trial of the study may have finished elsewhere, or after
  // `max_seconds`. PostgreSQL LISTENs for its NOTIFY; the others nap 10 ms (callers loop).
  virtual void wait_for_change(const std::string& study, double max_seconds);
};

}  // namespace xp::rt
