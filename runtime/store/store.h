#pragma once
// The study store: where a study and its trials live while it runs and after.
// Samplers never see it; the study runner writes through it as trials start,
// report and finish, and reads it back to resume. SQLite is the embedded
// default (sqlite_store.h); memory_store.h is for tests and `--no-store`; a
// server-backed store for many machines implements the same interface.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/tune/trial.h"

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

class StudyStore {
 public:
  virtual ~StudyStore() = default;
  // A short description for messages ("runs/study.db", "memory").
  virtual std::string where() const = 0;

  virtual std::optional<StudyInfo> find_study(const std::string& name) = 0;
  virtual void create_study(const StudyInfo& info) = 0;
  // After a compatible space change: the study continues with the new space.
  virtual void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                            const std::string& space_json) = 0;
  virtual void delete_study(const std::string& name) = 0;

  // Every trial of the study with its hypers and intermediate values, by number.
  virtual std::vector<TrialRecord> load_trials(const std::string& study) = 0;
  // Inserts the trial as running, or resets an existing running trial of the
  // same number (a re-run after a crash): its old intermediate values go.
  // Refuses (StoreError) to touch a trial that already finished.
  virtual void trial_started(const std::string& study, const TrialRecord& t) = 0;
  virtual void trial_reported(const std::string& study, int number, int step, double value) = 0;
  // Records the final state, value, reason, metrics and timings.
  virtual void trial_finished(const std::string& study, const TrialRecord& t) = 0;
};

}  // namespace xp::rt
