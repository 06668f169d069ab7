#include "runtime/store/pg_store.h"

#include "runtime/store/libpq.h"
#include "runtime/store/open_store.h"

#include <sys/select.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>
#include <utility>

namespace xp::rt {
namespace pg_detail {

// libpq's calls (loaded on first use: libpq.h).
const libpq::Functions& pq() { return libpq::functions(); }

// The connection died (server restart, network): reconnect and repeat.
struct PgConnectionLost {
  std::string message;
};

// libpq's messages span lines with tabs; a diagnostic is one line.
std::string pg_one_line(std::string msg) {
  std::string out;
  for (char c : msg) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

using PgParam = std::optional<std::string>;  // nullopt = SQL NULL

PgParam p(const std::string& s) { return s; }
PgParam p(int64_t v) { return std::to_string(v); }
PgParam p(int v) { return std::to_string(v); }
PgParam p(uint64_t v) {
  int64_t s;
  std::memcpy(&s, &v, sizeof s);  // bigint is signed: keep the bits
  return std::to_string(s);
}
PgParam p(double v) {
  if (std::isnan(v)) return std::nullopt;
  if (std::isinf(v)) return std::string(v > 0 ? "Infinity" : "-Infinity");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return std::string(buf);
}

// A query result that clears itself; text-format columns.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { pq().clear(r_); }
  PgResult(PgResult&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  int rows() const { return pq().ntuples(r_); }
  bool null(int row, int c) const { return pq().getisnull(r_, row, c); }
  std::string text(int row, int c) const { return pq().getvalue(r_, row, c); }
  int64_t i64(int row, int c) const { return null(row, c) ? 0 : std::stoll(text(row, c)); }
  uint64_t u64(int row, int c) const {
    const int64_t s = i64(row, c);
    uint64_t u;
    std::memcpy(&u, &s, sizeof u);
    return u;
  }
  double real(int row, int c) const { return null(row, c) ? std::nan("") : std::strtod(pq().getvalue(r_, row, c), nullptr); }
  int affected() const { return std::atoi(pq().cmdTuples(r_)); }

 private:
  PGresult* r_;
};

// Statements sent to the server by this process (PgStore::round_trips).
std::atomic<long> g_round_trips{0};

PgResult pg_run(pg_conn* conn, const char* sql, const std::vector<PgParam>& params = {}) {
  ++g_round_trips;
  std::vector<const char*> values;
  for (const auto& v : params) values.push_back(v ? v->c_str() : nullptr);
  PGresult* r = pq().execParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
  const auto status = pq().resultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(r);
  std::string msg = r ? pq().resultErrorMessage(r) : pq().errorMessage(conn);
  pq().clear(r);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (pq().status(conn) == CONNECTION_BAD) throw PgConnectionLost{pg_one_line(msg)};
  throw StoreError("study store (PostgreSQL): " + pg_one_line(msg));
}

// Several statements without parameters (the simple query protocol).
void pg_run_script(pg_conn* conn, const char* sql) {
  ++g_round_trips;
  PGresult* r = pq().exec(conn, sql);
  const bool ok = pq().resultStatus(r) == PGRES_COMMAND_OK || pq().resultStatus(r) == PGRES_TUPLES_OK;
  std::string msg = ok ? "" : (r ? pq().resultErrorMessage(r) : pq().errorMessage(conn));
  pq().clear(r);
  if (ok) return;
  if (pq().status(conn) == CONNECTION_BAD) throw PgConnectionLost{msg};
  throw StoreError("study store (PostgreSQL): " + msg);
}

// One transaction; rolls back unless committed.
class PgTxn {
 public:
  explicit PgTxn(pg_conn* conn, const char* begin = "BEGIN") : conn_(conn) { pg_run(conn_, begin); }
  ~PgTxn() {
    if (!done_ && pq().status(conn_) == CONNECTION_OK) pq().clear(pq().exec(conn_, "ROLLBACK"));
  }
  PgTxn(const PgTxn&) = delete;
  PgTxn& operator=(const PgTxn&) = delete;
  void commit() {
    pg_run(conn_, "COMMIT");
    done_ = true;
  }

 private:
  pg_conn* conn_;
  bool done_ = false;
};

const char* kPgSchema = R"sql(
CREATE TABLE exp_studies (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  space_canonical text NOT NULL,
  space_hash bigint NOT NULL,
  space_json text NOT NULL,
  method text NOT NULL,
  directions text[] NOT NULL,
  seed bigint NOT NULL,
  created double precision NOT NULL);
CREATE TABLE exp_trials (
  id bigserial PRIMARY KEY,
  study_id bigint NOT NULL REFERENCES exp_studies(id) ON DELETE CASCADE,
  number integer NOT NULL,
  state text NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  objective_values double precision[],
  value double precision,
  reason text NOT NULL DEFAULT '',
  seed bigint NOT NULL DEFAULT 0,
  max_resource integer NOT NULL DEFAULT 0,
  started double precision,
  finished double precision,
  seconds double precision,
  attempt integer NOT NULL DEFAULT 0,
  lease_until timestamptz,
  worker text NOT NULL DEFAULT '',
  UNIQUE (study_id, number));
CREATE INDEX exp_trials_running ON exp_trials (study_id, number) WHERE state = 'running';
CREATE TABLE exp_trial_hypers (
  trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('number', 'name', 'string')),
  number double precision,
  is_int boolean NOT NULL DEFAULT false,
  text text,
  PRIMARY KEY (trial_id, name));
CREATE TABLE exp_trial_intermediate (
  trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  step integer NOT NULL,
  value double precision,
  PRIMARY KEY (trial_id, step));
CREATE TABLE exp_trial_metrics (
  trial_id bigint NOT NULL REFERENCES exp_trials(id) ON DELETE CASCADE,
  name text NOT NULL,
  value double precision,
  PRIMARY KEY (trial_id, name));
INSERT INTO exp_meta (key, value) VALUES ('schema_version', '1');
)sql";

// Version 1 → 2 (a new store is made as version 1 and migrated at once, so
// this path runs on every store): a change stamp on every trial and the
// next new number of every study.
//  * `changed_xid` is the id of the transaction that last wrote the trial
//    (txid_current(), 64 bits, never wraps). A reader keeps the xmin of its
//    snapshot — every transaction below it had ended when it read — and
//    next time reads the trials whose stamp is at or above it: a write
//    still open at the last read has an id at or above that xmin, so no
//    change is missed whatever order transactions commit in, and a write
//    takes no lock to get its stamp. Old trials get 0: every first read
//    includes them.
//  * `next_number` is the lowest number the study has not used; a claim
//    takes it and adds one, in the statement that inserts the trial (the
//    study's row is locked for that statement only).
const char* kPgMigrate1To2 = R"sql(
ALTER TABLE exp_studies ADD COLUMN next_number integer NOT NULL DEFAULT 0;
ALTER TABLE exp_trials ADD COLUMN changed_xid bigint NOT NULL DEFAULT 0;
ALTER TABLE exp_trials ALTER COLUMN changed_xid SET DEFAULT txid_current();
CREATE INDEX exp_trials_changed ON exp_trials (study_id, changed_xid);
UPDATE exp_studies s SET next_number = (SELECT min(n) FROM (SELECT 0 AS n UNION ALL SELECT number + 1 FROM exp_trials
  WHERE study_id = s.id) c WHERE NOT EXISTS (SELECT 1 FROM exp_trials t WHERE t.study_id = s.id AND t.number = c.n));
UPDATE exp_meta SET value = '2' WHERE key = 'schema_version';
)sql";

// The lowest number at or above `from` (SQL) that study $1 has not used:
// `from` itself unless taken, else the first hole above it — one index probe
// when numbers were used in order.
std::string pg_lowest_unused(const std::string& from) {
  return "(SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM exp_trials WHERE study_id = $1 AND number = " + from +
         ") THEN " + from + " ELSE (SELECT t.number + 1 FROM exp_trials t WHERE t.study_id = $1 AND t.number >= " + from +
         " AND NOT EXISTS (SELECT 1 FROM exp_trials u WHERE u.study_id = $1 AND u.number = t.number + 1) "
         "ORDER BY t.number LIMIT 1) END)";
}

TrialState pg_parse_state(const std::string& s) {
  if (s == "complete") return TrialState::Complete;
  if (s == "pruned") return TrialState::Pruned;
  if (s == "failed") return TrialState::Failed;
  if (s == "running") return TrialState::Running;
  throw StoreError("a trial has state '" + s + "', which exp never writes (the study store was modified)");
}

const char* pg_kind_text(ir::Value::Kind k) {
  switch (k) {
    case ir::Value::Kind::Number: return "number";
    case ir::Value::Kind::Name: return "name";
    case ir::Value::Kind::String: return "string";
  }
  return "number";
}

ir::Value pg_hyper(const PgResult& r, int row, int c) {  // columns kind, number, is_int, text from c
  const std::string kind = r.text(row, c);
  if (kind == "name") return ir::Value::name(r.text(row, c + 3));
  if (kind == "string") return ir::Value::str(r.text(row, c + 3));
  return ir::Value::num(r.real(row, c + 1), r.text(row, c + 2) == "t");
}

int64_t pg_study_id(pg_conn* conn, const std::string& name) {
  PgResult r = pg_run(conn, "SELECT id FROM exp_studies WHERE name = $1", {p(name)});
  if (r.rows() == 0) throw StoreError("no study named '" + name + "' in the PostgreSQL store");
  return r.i64(0, 0);
}

// `(VALUES (...), ...) AS hv(name, kind, number, is_int, text)` for the
// hypers, their parameters appended to `params`; "" when there are none.
std::string pg_hyper_rows(const ir::Assignment& hypers, std::vector<PgParam>& params) {
  if (hypers.empty()) return "";
  std::string sql = "(VALUES ";
  for (const auto& [name, v] : hypers) {
    const size_t k = params.size() + 1;
    if (sql.size() > 8) sql += ", ";
    sql += "($" + std::to_string(k) + "::text, $" + std::to_string(k + 1) + "::text, $" + std::to_string(k + 2) +
           "::float8, $" + std::to_string(k + 3) + "::boolean, $" + std::to_string(k + 4) + "::text)";
    for (PgParam x : {p(name), p(std::string(pg_kind_text(v.kind))), p(v.number), p(std::string(v.is_int ? "t" : "f")),
                      p(v.text)})
      params.push_back(std::move(x));
  }
  return sql + ") AS hv(name, kind, number, is_int, text)";
}

// CTEs that make trial `id_source`'s (a CTE with a column `id`) stored
// hypers exactly `hypers`: the others deleted, these upserted — in the
// statement that changes the trial's state, not in round trips of their own.
std::string pg_hyper_ctes(const char* id_source, const ir::Assignment& hypers, std::vector<PgParam>& params) {
  const std::string rows = pg_hyper_rows(hypers, params);
  std::string sql = std::string(", dh AS (DELETE FROM exp_trial_hypers h USING ") + id_source + " s WHERE h.trial_id = s.id";
  if (rows.empty()) return sql + ")";
  sql += " AND h.name NOT IN (SELECT name FROM " + rows + "))";
  sql += std::string(", ih AS (INSERT INTO exp_trial_hypers (trial_id, name, kind, number, is_int, text) "
                     "SELECT s.id, hv.name, hv.kind, hv.number, hv.is_int, hv.text FROM ") + id_source + " s, " + rows +
         " ON CONFLICT (trial_id, name) DO UPDATE SET kind = EXCLUDED.kind, number = EXCLUDED.number, "
         "is_int = EXCLUDED.is_int, text = EXCLUDED.text)";
  return sql;
}

// A CTE that upserts the metrics of trial `id_source`'s id; "" for none.
std::string pg_metric_cte(const char* id_source, const std::map<std::string, double>& metrics,
                          std::vector<PgParam>& params) {
  if (metrics.empty()) return "";
  std::string rows;
  for (const auto& [name, v] : metrics) {
    const size_t k = params.size() + 1;
    rows += (rows.empty() ? "" : ", ") + std::string("($") + std::to_string(k) + "::text, $" + std::to_string(k + 1) +
            "::float8)";
    params.push_back(p(name));
    params.push_back(p(v));
  }
  return std::string(", im AS (INSERT INTO exp_trial_metrics (trial_id, name, value) SELECT s.id, mv.name, mv.value FROM ") +
         id_source + " s, (VALUES " + rows + ") AS mv(name, value) ON CONFLICT (trial_id, name) DO UPDATE SET value = EXCLUDED.value)";
}

// The row id of (study, number) when `attempt` (> 0) is current and running; locks the row.
std::optional<int64_t> pg_current_trial(pg_conn* conn, int64_t sid, int number, int attempt) {
  PgResult r = pg_run(conn, "SELECT id, attempt, state FROM exp_trials WHERE study_id = $1 AND number = $2 FOR UPDATE",
                 {p(sid), p(number)});
  if (r.rows() == 0) throw StoreError("trial " + std::to_string(number) + " was never started");
  if (attempt > 0 && (r.i64(0, 1) != attempt || r.text(0, 2) != "running")) return std::nullopt;
  return r.i64(0, 0);
}

std::string pg_channel(int64_t sid) { return "exp_study_" + std::to_string(sid); }

}  // namespace pg_detail

using namespace pg_detail;

long PgStore::round_trips() { return g_round_trips.load(); }

PgStore::PgStore(const std::string& conninfo, double reconnect_seconds)
    : conninfo_(conninfo), shown_(shown_store_url(conninfo)), reconnect_seconds_(reconnect_seconds) {
  try {
    connect();  // a first connection that fails is a wrong URL or a server not started: say so at once
  } catch (const PgConnectionLost& e) {
    pq().finish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to the PostgreSQL study store " + shown_ + ": " + e.message, true);
  }
  with_session([&]() {
    PgTxn txn(conn_);
    // One process creates or migrates the schema; the others wait here.
    pg_run(conn_, "SELECT pg_advisory_xact_lock(7205759403792793)");
    pg_run(conn_, "CREATE TABLE IF NOT EXISTS exp_meta (key text PRIMARY KEY, value text NOT NULL)");
    PgResult v = pg_run(conn_, "SELECT value FROM exp_meta WHERE key = 'schema_version'");
    const std::string version = v.rows() == 0 ? "" : v.text(0, 0);
    if (version.empty()) pg_run_script(conn_, kPgSchema);
    if (version.empty() || version == "1") {
      pg_run_script(conn_, kPgMigrate1To2);
    } else if (version != std::to_string(kSchemaVersion)) {
      throw StoreError("the PostgreSQL study store " + shown_ + " uses schema version " + version +
                       ", but this exp reads versions 1 to " + std::to_string(kSchemaVersion) + " only");
    }
    txn.commit();
    return 0;
  });
}

PgStore::~PgStore() { pq().finish(conn_); }

int64_t PgStore::study_id(const std::string& name) {
  if (auto it = study_ids_.find(name); it != study_ids_.end()) return it->second;
  const int64_t id = pg_study_id(conn_, name);
  study_ids_[name] = id;
  return id;
}

void PgStore::connect() {
  pq().finish(conn_);
  listening_.clear();
  conn_ = pq().connectdb(conninfo_.c_str());
  if (pq().status(conn_) != CONNECTION_OK) {
    throw PgConnectionLost{pg_one_line(pq().errorMessage(conn_))};
  }
  pq().clear(pq().exec(conn_, "SET client_min_messages = warning"));
}

// Runs `f` under the connection's mutex; when the connection is lost, it is
// reopened with backoff and `f` (a whole transaction) runs again.
template <class F>
auto PgStore::with_session(F&& f) -> decltype(f()) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(reconnect_seconds_);
  double pause = 0.1;
  for (;;) {
    try {
      if (!conn_ || pq().status(conn_) != CONNECTION_OK) connect();
      return f();
    } catch (const PgConnectionLost& lost) {
      if (std::chrono::steady_clock::now() >= give_up)
        throw StoreError("cannot reach the PostgreSQL study store " + shown_ + ": " + lost.message, true);
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
      pause = std::min(pause * 2, 5.0);
    }
  }
}

std::vector<std::string> PgStore::study_names() {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    // C collation: the same order as the other stores, whatever the database's locale.
    PgResult r = pg_run(conn_, "SELECT name FROM exp_studies ORDER BY name COLLATE \"C\"");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  });
}

std::optional<StudyInfo> PgStore::find_study(const std::string& name) {
  std::lock_guard lock(mu_);
  return with_session([&]() -> std::optional<StudyInfo> {
    PgResult r = pg_run(conn_,
                   "SELECT name, space_canonical, space_hash, space_json, method, directions[1], seed, created "
                   "FROM exp_studies WHERE name = $1",
                   {p(name)});
    if (r.rows() == 0) return std::nullopt;
    StudyInfo info;
    info.name = r.text(0, 0);
    info.space_canonical = r.text(0, 1);
    info.space_hash = r.u64(0, 2);
    info.space_json = r.text(0, 3);
    info.method = r.text(0, 4);
    info.maximize = r.text(0, 5) == "maximize";
    info.seed = r.u64(0, 6);
    info.created = r.real(0, 7);
    return info;
  });
}

void PgStore::create_study(const StudyInfo& info) {
  std::lock_guard lock(mu_);
  with_session([&]() {
    pg_run(conn_,
        "INSERT INTO exp_studies (name, space_canonical, space_hash, space_json, method, directions, seed, created) "
        "VALUES ($1, $2, $3, $4, $5, ARRAY[$6], $7, $8) ON CONFLICT (name) DO NOTHING",
        {p(info.name), p(info.space_canonical), p(info.space_hash), p(info.space_json), p(info.method),
         p(std::string(info.maximize ? "maximize" : "minimize")), p(info.seed), p(info.created)});
    return 0;
  });
}

void PgStore::update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                           const std::string& space_json) {
  std::lock_guard lock(mu_);
  with_session([&]() {
    pg_run(conn_, "UPDATE exp_studies SET space_canonical = $1, space_hash = $2, space_json = $3 WHERE name = $4",
        {p(canonical), p(hash), p(space_json), p(study)});
    return 0;
  });
}

void PgStore::delete_study(const std::string& name) {
  std::lock_guard lock(mu_);
  with_session([&]() {
    pg_run(conn_, "DELETE FROM exp_studies WHERE name = $1", {p(name)});
    study_ids_.erase(name);
    return 0;
  });
}

TrialChanges PgStore::load_changes(const std::string& study, int64_t since) {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    // One snapshot for all the queries, while other workers keep writing;
    // its xmin is the next read's `since` (kPgMigrate1To2 says why).
    PgTxn txn(conn_, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const int64_t sid = study_id(study);
    TrialChanges changes;
    std::vector<TrialRecord>& out = changes.trials;
    std::map<int64_t, size_t> by_id;
    PgResult q = pg_run(conn_,
                   "SELECT txid_snapshot_xmin(txid_current_snapshot()), t.id, t.number, t.state, t.value, t.reason, "
                   "t.seed, t.max_resource, t.started, t.finished, t.seconds, t.attempt FROM (SELECT 1) one "
                   "LEFT JOIN exp_trials t ON t.study_id = $1 AND t.changed_xid >= $2 ORDER BY t.number",
                   {p(sid), p(since)});
    changes.cursor = q.i64(0, 0);
    for (int i = 0; i < q.rows() && !q.null(i, 1); ++i) {
      TrialRecord t;
      t.number = static_cast<int>(q.i64(i, 2));
      t.state = pg_parse_state(q.text(i, 3));
      t.value = q.real(i, 4);
      t.reason = q.text(i, 5);
      t.seed = q.u64(i, 6);
      t.max_resource = static_cast<int>(q.i64(i, 7));
      t.started = q.null(i, 8) ? 0 : q.real(i, 8);
      t.finished = q.null(i, 9) ? 0 : q.real(i, 9);
      t.seconds = q.null(i, 10) ? 0 : q.real(i, 10);
      t.attempt = static_cast<int>(q.i64(i, 11));
      by_id[q.i64(i, 1)] = out.size();
      out.push_back(std::move(t));
    }
    if (out.empty()) {
      txn.commit();
      return changes;
    }
    // The rows of those trials by their ids, so that each table is probed
    // through its primary key (a join let the planner scan all of it).
    std::string ids;
    for (const auto& [id, at] : by_id) ids += (ids.empty() ? "{" : ",") + std::to_string(id);
    ids += "}";
    PgResult h = pg_run(conn_,
                   "SELECT trial_id, name, kind, number, is_int, text FROM exp_trial_hypers WHERE trial_id = ANY($1::bigint[])",
                   {p(ids)});
    for (int i = 0; i < h.rows(); ++i) out[by_id.at(h.i64(i, 0))].hypers[h.text(i, 1)] = pg_hyper(h, i, 2);
    PgResult iv = pg_run(conn_,
                    "SELECT trial_id, step, value FROM exp_trial_intermediate WHERE trial_id = ANY($1::bigint[]) "
                    "ORDER BY trial_id, step",
                    {p(ids)});
    for (int i = 0; i < iv.rows(); ++i)
      out[by_id.at(iv.i64(i, 0))].intermediate.emplace_back(static_cast<int>(iv.i64(i, 1)), iv.real(i, 2));
    PgResult m = pg_run(conn_, "SELECT trial_id, name, value FROM exp_trial_metrics WHERE trial_id = ANY($1::bigint[])",
                   {p(ids)});
    for (int i = 0; i < m.rows(); ++i) out[by_id.at(m.i64(i, 0))].metrics[m.text(i, 1)] = m.real(i, 2);
    txn.commit();
    return changes;
  });
}

bool PgStore::trial_started(const std::string& study, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    const int64_t sid = study_id(study);
    // One statement, so one round trip and atomic by itself. The trial's row
    // locked (cur); if it is running and `attempt` current (0: unfenced),
    // reset, its old intermediate values and metrics gone (su); if there is
    // no row, inserted (si), moving next_number on when it took that number;
    // then its hypers written. The last columns tell why nothing was written.
    std::vector<PgParam> params{p(sid), p(t.number), p(t.seed), p(t.max_resource), p(t.started), p(t.attempt)};
    std::string sql =
        "WITH cur AS (SELECT id, state, attempt FROM exp_trials WHERE study_id = $1 AND number = $2 FOR UPDATE), "
        "su AS (UPDATE exp_trials x SET seed = $3, max_resource = $4, started = $5, finished = NULL, seconds = NULL, "
        "value = NULL, objective_values = NULL, reason = '', changed_xid = txid_current() FROM cur "
        "WHERE x.id = cur.id AND cur.state = 'running' AND ($6::int = 0 OR cur.attempt = $6::int) RETURNING x.id), "
        "di AS (DELETE FROM exp_trial_intermediate i USING su WHERE i.trial_id = su.id), "
        "dm AS (DELETE FROM exp_trial_metrics m USING su WHERE m.trial_id = su.id), "
        "si AS (INSERT INTO exp_trials (study_id, number, state, seed, max_resource, started, attempt) "
        "SELECT $1, $2, 'running', $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM cur) RETURNING id), "
        // An unfenced run (or a copy) used next_number: the next is the lowest still unused.
        "nn AS (UPDATE exp_studies SET next_number = " + pg_lowest_unused("$2 + 1") +
        " WHERE id = $1 AND next_number = $2 AND EXISTS (SELECT 1 FROM si)), "
        "s AS (SELECT id FROM su UNION ALL SELECT id FROM si)";
    sql += pg_hyper_ctes("s", t.hypers, params) +
           " SELECT (SELECT count(*) FROM s), (SELECT state FROM cur), (SELECT attempt FROM cur)";
    PgResult r = pg_run(conn_, sql.c_str(), params);
    if (r.i64(0, 0) > 0) return true;
    if (t.attempt > 0 && r.i64(0, 2) != t.attempt) return false;  // superseded, whatever became of the trial
    throw StoreError("trial " + std::to_string(t.number) + " of study '" + study + "' already finished; it is never re-run");
  });
}

bool PgStore::trial_reported(const std::string& study, int number, int step, double value, int attempt) {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    PgTxn txn(conn_);
    const auto id = pg_current_trial(conn_, study_id(study), number, attempt);
    if (!id) return false;
    pg_run(conn_,
        "WITH c AS (UPDATE exp_trials SET changed_xid = txid_current() WHERE id = $1) "
        "INSERT INTO exp_trial_intermediate (trial_id, step, value) VALUES ($1, $2, $3) "
        "ON CONFLICT (trial_id, step) DO UPDATE SET value = EXCLUDED.value",
        {p(*id), p(step), p(value)});
    txn.commit();
    return true;
  });
}

bool PgStore::trial_finished(const std::string& study, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    const int64_t sid = study_id(study);
    // One statement, so one round trip and atomic by itself: the row locked
    // if `attempt` is still current (0: unfenced, any state), its state and
    // values, its hypers and metrics, and the NOTIFY — sent only when the
    // row changed. The last column tells "superseded" from "never started".
    std::vector<PgParam> params{p(sid), p(t.number), p(t.attempt), p(std::string(to_string(t.state))), p(t.value),
                                p(t.reason), p(t.finished), p(t.seconds), p(t.max_resource), p(pg_channel(sid))};
    std::string sql =
        "WITH cur AS (SELECT id FROM exp_trials WHERE study_id = $1 AND number = $2 "
        "AND ($3::int = 0 OR (attempt = $3::int AND state = 'running')) FOR UPDATE), "
        "s AS (UPDATE exp_trials t SET state = $4, value = $5::float8, "
        "objective_values = CASE WHEN $5::float8 IS NULL THEN NULL ELSE ARRAY[$5::float8] END, reason = $6, "
        "finished = $7, seconds = $8, max_resource = $9, lease_until = NULL, changed_xid = txid_current() "
        "FROM cur WHERE t.id = cur.id RETURNING t.id)";
    sql += pg_hyper_ctes("s", t.hypers, params);
    sql += pg_metric_cte("s", t.metrics, params);
    sql += " SELECT (SELECT count(*) FROM (SELECT pg_notify($10, $2::text) FROM s) n), "
           "(SELECT count(*) FROM exp_trials WHERE study_id = $1 AND number = $2)";
    PgResult r = pg_run(conn_, sql.c_str(), params);
    if (r.i64(0, 0) > 0) return true;
    if (r.i64(0, 1) == 0) throw StoreError("trial " + std::to_string(t.number) + " was never started");
    return false;
  });
}

std::optional<Claim> PgStore::claim_trial(const std::string& study, int limit, double lease_seconds,
                                          const std::string& worker) {
  std::lock_guard lock(mu_);
  return with_session([&]() -> std::optional<Claim> {
    const int64_t sid = study_id(study);
    for (;;) {
      // One statement, so one round trip and atomic by itself: the lowest
      // running trial whose lease ran out (rows another worker is taking are
      // skipped, not waited for) is taken over unless the study's next new
      // number is lower; else that number is taken from the study's row and
      // inserted. Columns: the new number (NULL if none), the number
      // inserted (NULL: it was in use — by an unfenced writer that did not
      // keep next_number, which has now moved past it: try again), then the
      // taken-over trial's number, attempt, max_resource and one hyper per
      // row (name, kind, number, is_int, text).
      PgResult r = pg_run(conn_,
                     "WITH e AS (SELECT id, number, attempt, max_resource FROM exp_trials WHERE study_id = $1 "
                     "AND state = 'running' AND number < $2 AND (lease_until IS NULL OR lease_until < now()) "
                     "ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED), "
                     "n AS (UPDATE exp_studies s SET next_number = s.next_number + 1 WHERE s.id = $1 "
                     "AND s.next_number < $2 AND NOT EXISTS (SELECT 1 FROM e WHERE e.number < s.next_number) "
                     "RETURNING s.next_number - 1 AS number), "
                     "ins AS (INSERT INTO exp_trials (study_id, number, state, attempt, worker, lease_until, started) "
                     "SELECT $1, n.number, 'running', 1, $3, now() + make_interval(secs => $4), extract(epoch FROM now()) "
                     "FROM n ON CONFLICT (study_id, number) DO NOTHING RETURNING number), "
                     "re AS (UPDATE exp_trials t SET attempt = e.attempt + 1, worker = $3, "
                     "lease_until = now() + make_interval(secs => $4), changed_xid = txid_current() FROM e "
                     "WHERE t.id = e.id AND NOT EXISTS (SELECT 1 FROM n) RETURNING t.id, t.number, t.attempt, t.max_resource) "
                     "SELECT (SELECT number FROM n), (SELECT number FROM ins), re.number, re.attempt, re.max_resource, "
                     "h.name, h.kind, h.number, h.is_int, h.text FROM (SELECT 1) one LEFT JOIN re ON true "
                     "LEFT JOIN exp_trial_hypers h ON h.trial_id = re.id",
                     {p(sid), p(limit), p(worker), p(lease_seconds)});
      Claim c;
      if (!r.null(0, 0)) {
        if (r.null(0, 1)) continue;
        c.number = static_cast<int>(r.i64(0, 1));
        return c;
      }
      if (r.null(0, 2)) return std::nullopt;
      c.number = static_cast<int>(r.i64(0, 2));
      c.attempt = static_cast<int>(r.i64(0, 3));
      c.rerun = true;
      c.max_resource = static_cast<int>(r.i64(0, 4));
      for (int i = 0; i < r.rows(); ++i)
        if (!r.null(i, 5)) c.hypers[r.text(i, 5)] = pg_hyper(r, i, 6);
      return c;
    }
  });
}

bool PgStore::renew_lease(const std::string& study, int number, int attempt, double lease_seconds) {
  std::lock_guard lock(mu_);
  return with_session([&]() {
    PgResult r = pg_run(conn_,
                   "UPDATE exp_trials SET lease_until = now() + make_interval(secs => $1) "
                   "WHERE study_id = (SELECT id FROM exp_studies WHERE name = $2) AND number = $3 AND attempt = $4 "
                   "AND state = 'running'",
                   {p(lease_seconds), p(study), p(number), p(attempt)});
    return r.affected() > 0;
  });
}

void PgStore::wait_for_change(const std::string& study, double max_seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(max_seconds);
  for (;;) {
    int fd = -1;
    {
      std::lock_guard lock(mu_);
      const bool notified = with_session([&]() {
        const std::string channel = pg_channel(study_id(study));
        if (listening_ != channel) {
          if (!listening_.empty()) pg_run(conn_, ("UNLISTEN " + listening_).c_str());
          pg_run(conn_, ("LISTEN " + channel).c_str());  // the channel is exp_study_<number>: nothing to escape
          listening_ = channel;
        }
        if (!pq().consumeInput(conn_)) throw PgConnectionLost{pq().errorMessage(conn_)};
        bool any = false;
        while (PGnotify* n = pq().notifies(conn_)) {
          any = true;
          pq().freemem(n);
        }
        return any;
      });
      if (notified) return;
      fd = pq().socket(conn_);
    }
    const double left = std::chrono::duration<double>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) return;
    // Wait for the socket without the connection's lock, so the heartbeat and
    // other threads keep using it; a reply to their queries wakes us up for
    // nothing, and a notification they read stays queued for PQnotifies above.
    fd_set in;
    FD_ZERO(&in);
    FD_SET(fd, &in);
    const double nap = std::min(left, 0.1);
    timeval tv{0, static_cast<long>(nap * 1e6)};
    select(fd + 1, &in, nullptr, nullptr, &tv);
  }
}

}  // namespace xp::rt
