#pragma once
// A study store on a PostgreSQL server (libpq), shared by any number of `exp`
// processes on any machines (docs/distributed.md).
//
// Schema (version 2 in `exp_meta`; created, or migrated from version 1, on
// open under an advisory lock so that processes starting together do it once):
//   exp_studies(id, name UNIQUE, space_canonical, space_hash, space_json,
//               method, directions text[], seed, created, next_number)
//   exp_trials(id, study_id, number, state, objective_values float8[], value,
//              reason, seed, max_resource, started, finished, seconds,
//              attempt, lease_until timestamptz, worker, changed_xid;
//              UNIQUE(study_id, number))
//   exp_trial_hypers / exp_trial_intermediate / exp_trial_metrics
// `value` is objective_values[1], kept as a column for plain SQL readers.
//
// * Claims: one statement — a running trial whose lease ran out is taken
//   with `FOR UPDATE SKIP LOCKED`; else the study's `next_number` (the
//   lowest number it has not used) is taken and inserted with `INSERT …
//   ON CONFLICT (study_id, number) DO NOTHING` — an index probe and one row,
//   never a count or a scan of the study's trials. Leases use the server's
//   now(), so workers' clocks need not agree.
// * Reads of changes: every write stamps the trial with its transaction id
//   (`changed_xid`); a reader reads the trials stamped at or above the xmin
//   of its previous read's snapshot, so a barrier costs the changes since
//   the last one, not the whole study (kPgMigrate1To2 in the .cpp says why
//   nothing is missed).
// * A result is one statement (so one round trip, atomic by itself): the
//   attempt check, state, values, hypers, metrics, then NOTIFY on the
//   study's channel, which `wait_for_change` LISTENs to. A trial of a shared
//   study costs 3 round trips: claim, start (the row locked, reset or
//   inserted, hypers written) and result, one statement each — plus a read
//   of the changes at a batch barrier (3 round trips when nothing changed,
//   6 otherwise).
// * One connection per process (threads take turns). A dropped connection
//   is reopened with backoff (0.1 s doubling to 5 s, for up to
//   `reconnect_seconds`) and the operation is repeated, so a finished
//   trial's result survives a server restart.
// * Every value is a bound parameter; the password comes from PGPASSWORD or
//   ~/.pgpass, and `where()` shows the URL without it.
#include <map>
#include <mutex>

#include "runtime/store/store.h"

struct pg_conn;

namespace xp::rt {

class PgStore final : public StudyStore {
 public:
  static constexpr int kSchemaVersion = 2;
  // `conninfo`: a postgresql:// URL or a libpq key=value string.
  explicit PgStore(const std::string& conninfo, double reconnect_seconds = 60);
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  std::string where() const override { return shown_; }
  std::optional<StudyInfo> find_study(const std::string& name) override;
  std::vector<std::string> study_names() override;
  void create_study(const StudyInfo& info) override;
  void update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                    const std::string& space_json) override;
  void delete_study(const std::string& name) override;
  TrialChanges load_changes(const std::string& study, int64_t since) override;
  bool trial_started(const std::string& study, const TrialRecord& t) override;
  bool trial_reported(const std::string& study, int number, int step, double value, int attempt = 0) override;
  bool trial_finished(const std::string& study, const TrialRecord& t) override;
  std::optional<Claim> claim_trial(const std::string& study, int limit, double lease_seconds,
                                   const std::string& worker) override;
  bool renew_lease(const std::string& study, int number, int attempt, double lease_seconds) override;
  void wait_for_change(const std::string& study, double max_seconds) override;
  // Statements this process has sent to any PostgreSQL server: each is a
  // round trip (what a trial costs on a remote server; tests/pg checks it).
  static long round_trips();

 private:
  // Runs `f` (a whole transaction) on the connection, reconnecting and repeating it when the connection drops.
  template <class F>
  auto with_session(F&& f) -> decltype(f());
  void connect();
  std::string conninfo_;
  std::string shown_;
  double reconnect_seconds_;
  std::mutex mu_;
  pg_conn* conn_ = nullptr;
  std::string listening_;  // the channel LISTENed to on this connection
  std::map<std::string, int64_t> study_ids_;  // a study's id never changes while it exists
  int64_t study_id(const std::string& name);  // under mu_, on the connection
};

}  // namespace xp::rt
