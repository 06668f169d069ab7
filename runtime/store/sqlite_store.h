#pragma once
// The embedded study store: one SQLite file that may hold many studies.
//
// Schema (version 3; `meta.schema_version`; version-1 and -2 files are migrated on open):
//   meta(key, value)
//   studies(id, name UNIQUE, space_canonical, space_hash, space_json, method,
//           direction, seed, created, next_number, changes)
//   trials(id, study_id, number, state, value, reason, seed, max_resource,
//          started, finished, seconds, attempt, lease_until, worker, changed;
//          UNIQUE(study_id, number))
//   trial_values(trial_id, objective, value)   -- objective values as a vector
//   trial_hypers(trial_id, name, kind, number, is_int, text)
//   trial_intermediate(trial_id, step, value)
//   trial_metrics(trial_id, name, value)
// WAL journal (readers never block the writer), synchronous=NORMAL (a
// committed trial survives the process being killed; only a power cut may
// lose the last commits), every write one `BEGIN IMMEDIATE` transaction so a
// writer takes the lock up front instead of failing half-way, a busy timeout
// for other processes sharing the file, and every value bound as a parameter.
// A file written by an unknown schema version is refused, never modified.
// Every write to a trial stamps it with the study's next `changes` count, so
// a barrier reads only the trials changed since its last read
// (load_changes); `next_number` is the lowest number never used, so a claim
// reads one row rather than searching the trials.
#include <mutex>

#include "runtime/store/store.h"

struct sqlite3;

namespace xp::rt {

class SqliteStore final : public StudyStore {
 public:
  static constexpr int kSchemaVersion = 3;
  // Opens or creates the file; throws StoreError with a readable message.
  explicit SqliteStore(const std::string& path, int busy_timeout_ms = 10000);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::string where() const override { return path_; }
  std::optional<StudyInfo> find_study(const std::string& name) override;
  std::vector<std::string> study_names() override;
  void create_study(const StudyInfo& info) override;
  void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                    const std::string& space_json) override;
  void delete_study(const std::string& name) override;
  TrialChanges load_changes(const std::string& study, int64_t since) override;
  bool trial_started(const std::string& study, const TrialRecord& t) override;
  bool trial_reported_all(const std::string& study, int number, const std::vector<std::pair<int, double>>& steps,
                          int attempt) override;
  bool trial_reported(const std::string& study, int number, int step, double value, int attempt = 0) override;
  bool trial_finished(const std::string& study, const TrialRecord& t) override;
  std::optional<Claim> claim_trial(const std::string& study, int limit, double lease_seconds,
                                   const std::string& worker) override;
  bool renew_lease(const std::string& study, int number, int attempt, double lease_seconds) override;

 private:
  void check_or_create_schema();
  void migrate_from(int version);
  void touch(int64_t study_id, int64_t trial_id);
  // The trial's row id when `attempt` (> 0) is still current, or any attempt for 0.
  std::optional<int64_t> current_trial(int64_t study_id, int number, int attempt);
  int64_t study_id(const std::string& name);  // throws if unknown
  sqlite3* db_ = nullptr;
  std::string path_;
  std::mutex mu_;  // one connection, used by the runner's threads in turn
};

}  // namespace xp::rt
