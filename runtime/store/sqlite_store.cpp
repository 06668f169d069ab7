#include "runtime/store/sqlite_store.h"

#include <sqlite3.h>

#include "runtime/io/crash_point.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <thread>

namespace xp::rt {
namespace {

// SQLite result codes that blame the disk or the folder, not the file's contents.
bool io_code(int rc) {
  switch (rc & 0xff) {
    case SQLITE_IOERR: case SQLITE_FULL: case SQLITE_CANTOPEN: case SQLITE_READONLY: case SQLITE_PERM:
    case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_NOMEM:
      return true;
    default:
      return false;
  }
}

// A prepared statement that finalizes itself. All values are bound, never
// spliced into the SQL text.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& s) { return check(sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT)); }
  Stmt& bind(int i, int64_t v) { return check(sqlite3_bind_int64(st_, i, v)); }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, uint64_t v) { int64_t s; std::memcpy(&s, &v, sizeof s); return bind(i, s); }
  Stmt& bind(int i, double v) {
    return check(std::isnan(v) ? sqlite3_bind_null(st_, i) : sqlite3_bind_double(st_, i, v));
  }
  // true while rows come; false when done.
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
    return false;
  }
  void run() { while (step()) {} }
  void reset() { sqlite3_reset(st_); }  // run again with new bindings
  int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  uint64_t u64(int c) const { int64_t s = i64(c); uint64_t u; std::memcpy(&u, &s, sizeof u); return u; }
  double real(int c) const {
    return sqlite3_column_type(st_, c) == SQLITE_NULL ? std::nan("") : sqlite3_column_double(st_, c);
  }
  std::string text(int c) const {
    const auto* p = sqlite3_column_text(st_, c);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, c))) : std::string();
  }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) fail("bind");
    return *this;
  }
  [[noreturn]] void fail(const char* what) const {
    throw StoreError(std::string("study store: ") + what + " failed: " + sqlite3_errmsg(db_), io_code(sqlite3_errcode(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw StoreError("study store: " + msg, io_code(sqlite3_errcode(db)));
  }
}

// One write transaction taken with BEGIN IMMEDIATE: the write lock is held
// from the start, so a concurrent writer waits (busy_timeout) rather than
// failing with SQLITE_BUSY half-way through. Rolls back unless committed.
class WriteTxn {
 public:
  explicit WriteTxn(sqlite3* db) : db_(db) { exec(db_, "BEGIN IMMEDIATE"); }
  ~WriteTxn() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() { exec(db_, "COMMIT"); done_ = true; }
 private:
  sqlite3* db_;
  bool done_ = false;
};

// A deferred read transaction: all SELECTs inside see one snapshot (WAL).
class ReadTxn {
 public:
  explicit ReadTxn(sqlite3* db) : db_(db) { exec(db_, "BEGIN"); }
  ~ReadTxn() { sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); }
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
 private:
  sqlite3* db_;
};

// Switches the file to WAL, waiting up to `timeout_ms` for other connections.
// A file already in WAL mode (every file after its first open) needs no lock
// for this. A fresh file does: SQLite reads its header under a shared lock,
// then upgrades to the write lock to mark it WAL — and for such a read→write
// upgrade it never calls the busy handler (it could deadlock), so a second
// process opening the same new file at that moment (`exp show` beside `exp
// run`, a worker beside a worker) got "database is locked" at once. Retrying
// the whole statement starts from no lock, so it cannot deadlock.
void enter_wal_mode(sqlite3* db, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (int attempt = 0;; ++attempt) {
    const int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline)
      throw StoreError(std::string("study store: ") + sqlite3_errmsg(db), io_code(rc));
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 + attempt, 20)));
  }
}

const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  space_canonical TEXT NOT NULL,
  space_hash INTEGER NOT NULL,
  space_json TEXT NOT NULL,
  method TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  seed INTEGER NOT NULL,
  created REAL NOT NULL,
  next_number INTEGER NOT NULL DEFAULT 0,
  changes INTEGER NOT NULL DEFAULT 0);
CREATE TABLE trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  value REAL,
  reason TEXT NOT NULL DEFAULT '',
  seed INTEGER NOT NULL,
  max_resource INTEGER NOT NULL DEFAULT 0,
  started REAL,
  finished REAL,
  seconds REAL,
  attempt INTEGER NOT NULL DEFAULT 0,
  lease_until REAL,
  worker TEXT NOT NULL DEFAULT '',
  changed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (study_id, number));
CREATE INDEX trials_changed ON trials (study_id, changed);
CREATE INDEX trials_running ON trials (study_id, number) WHERE state = 'running';
CREATE TABLE trial_values (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  objective INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, objective));
CREATE TABLE trial_hypers (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('number', 'name', 'string')),
  number REAL,
  is_int INTEGER NOT NULL DEFAULT 0,
  text TEXT,
  PRIMARY KEY (trial_id, name));
CREATE TABLE trial_intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, step));
CREATE TABLE trial_metrics (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, name));
)sql";

// Version 1 → 2: leases and attempts for cooperating processes, objective
// values as a vector. Old trials are unfenced (attempt 0, no lease).
const char* kMigrate1To2 = R"sql(
ALTER TABLE trials ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN lease_until REAL;
ALTER TABLE trials ADD COLUMN worker TEXT NOT NULL DEFAULT '';
CREATE TABLE trial_values (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  objective INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, objective));
INSERT INTO trial_values (trial_id, objective, value) SELECT id, 0, value FROM trials WHERE value IS NOT NULL;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

// Version 2 → 3: a study's change counter (trials.changed is its value at
// the trial's last write, so a barrier reads only what changed) and its
// next new number (a claim reads one row instead of searching the trials
// for the lowest unused number). Old trials count as changed at 0, which
// every first read includes; next_number starts at the lowest unused one.
const char* kMigrate2To3 = R"sql(
ALTER TABLE studies ADD COLUMN next_number INTEGER NOT NULL DEFAULT 0;
ALTER TABLE studies ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX trials_changed ON trials (study_id, changed);
CREATE INDEX trials_running ON trials (study_id, number) WHERE state = 'running';
UPDATE studies SET next_number = (SELECT min(n) FROM (SELECT 0 AS n UNION ALL SELECT number + 1 FROM trials
  WHERE study_id = studies.id) c WHERE NOT EXISTS (SELECT 1 FROM trials t WHERE t.study_id = studies.id AND t.number = c.n));
UPDATE meta SET value = '3' WHERE key = 'schema_version';
)sql";

// The lowest number at or above ?2 that study ?1 has not used: ?2 itself
// unless taken, else the first hole above it (one index probe when the
// numbers were used in order).
const char* kSqliteLowestUnused =
    "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM trials WHERE study_id = ?1 AND number = ?2) THEN ?2 ELSE "
    "(SELECT t.number + 1 FROM trials t WHERE t.study_id = ?1 AND t.number >= ?2 AND NOT EXISTS "
    "(SELECT 1 FROM trials u WHERE u.study_id = ?1 AND u.number = t.number + 1) ORDER BY t.number LIMIT 1) END";

// The store's clock for leases, unix seconds: all processes on one file share a machine.
const char* kSqliteNow = "((julianday('now') - 2440587.5) * 86400.0)";

TrialState parse_state(const std::string& s) {
  if (s == "complete") return TrialState::Complete;
  if (s == "pruned") return TrialState::Pruned;
  if (s == "failed") return TrialState::Failed;
  if (s == "running") return TrialState::Running;
  // exp writes only the four states above: anything else was put there by hand.
  throw StoreError("a trial has state '" + s + "', which exp never writes (the study store was modified)");
}

const char* kind_text(ir::Value::Kind k) {
  switch (k) {
    case ir::Value::Kind::Number: return "number";
    case ir::Value::Kind::Name: return "name";
    case ir::Value::Kind::String: return "string";
  }
  return "number";
}

// A hyper's value from its stored columns (kind, number, is_int, text).
ir::Value stored_hyper(const std::string& kind, double number, bool is_int, const std::string& text) {
  if (kind == "name") return ir::Value::name(text);
  if (kind == "string") return ir::Value::str(text);
  return ir::Value::num(number, is_int);
}

void write_hypers(sqlite3* db, int64_t trial_id, const ir::Assignment& hypers) {
  Stmt del(db, "DELETE FROM trial_hypers WHERE trial_id = ?1");
  del.bind(1, trial_id).run();
  for (const auto& [name, v] : hypers) {
    Stmt ins(db, "INSERT INTO trial_hypers (trial_id, name, kind, number, is_int, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    ins.bind(1, trial_id).bind(2, name).bind(3, std::string(kind_text(v.kind))).bind(4, v.number)
        .bind(5, v.is_int ? 1 : 0).bind(6, v.text).run();
  }
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, int busy_timeout_ms) : path_(path) {
  const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open the study store '" + path + "': " + msg, true);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    exec(db_, "PRAGMA foreign_keys = ON");
    enter_wal_mode(db_, busy_timeout_ms);
    // NORMAL, deliberately (docs/reliability.md): in WAL mode a commit is
    // durable against a crash or kill -9 at once, and the database is never
    // corrupted by power loss; only the last commits before a power cut may
    // be lost, and --resume re-runs those trials with the same seeds, so
    // they come back identical. FULL (an fsync per commit) held the write
    // lock so long that a second connection — `exp show`, a resume check —
    // starved behind a busy study.
    exec(db_, "PRAGMA synchronous = NORMAL");
    check_or_create_schema();
  } catch (const StoreError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    std::string msg = e.what();
    if (msg.find("not a database") != std::string::npos)
      msg = "'" + path + "' is not an exp study store (not an SQLite database)";
    throw StoreError(msg, e.io());
  }
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

void SqliteStore::check_or_create_schema() {
  WriteTxn txn(db_);
  Stmt tables(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  tables.step();
  const int64_t count = tables.i64(0);
  Stmt has_meta(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  has_meta.step();
  if (count == 0) {
    exec(db_, kSchema);
    Stmt ins(db_, "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)");
    ins.bind(1, std::to_string(kSchemaVersion)).run();
    txn.commit();
    return;
  }
  if (has_meta.i64(0) == 0)
    throw StoreError("'" + path_ + "' is an SQLite database but not an exp study store (it has no meta table)");
  Stmt ver(db_, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!ver.step()) throw StoreError("'" + path_ + "' has no schema version; it was not written by exp");
  const std::string v = ver.text(0);
  if (v == "1" || v == "2") {
    migrate_from(std::stoi(v));
    txn.commit();
    return;
  }
  if (v != std::to_string(kSchemaVersion))
    throw StoreError("'" + path_ + "' uses study-store schema version " + v + ", but this exp reads versions 1 to " +
                     std::to_string(kSchemaVersion) + " only; use the exp that wrote it, or move the file away to start afresh");
  txn.commit();
}

void SqliteStore::migrate_from(int version) {
  if (version < 2) exec(db_, kMigrate1To2);
  exec(db_, kMigrate2To3);
}

// Counts a write to trial row `trial_id` of study `sid` (inside the write
// transaction, which serializes writers: the counter orders the changes).
void SqliteStore::touch(int64_t sid, int64_t trial_id) {
  Stmt up(db_, "UPDATE trials SET changed = (SELECT changes + 1 FROM studies WHERE id = ?1) WHERE id = ?2");
  up.bind(1, sid).bind(2, trial_id).run();
  Stmt bump(db_, "UPDATE studies SET changes = changes + 1 WHERE id = ?1");
  bump.bind(1, sid).run();
}

std::optional<int64_t> SqliteStore::current_trial(int64_t sid, int number, int attempt) {
  Stmt q(db_, "SELECT id, attempt, state FROM trials WHERE study_id = ?1 AND number = ?2");
  q.bind(1, sid).bind(2, number);
  if (!q.step()) throw StoreError("trial " + std::to_string(number) + " was never started");
  if (attempt > 0 && (q.i64(1) != attempt || q.text(2) != "running")) return std::nullopt;
  return q.i64(0);
}

int64_t SqliteStore::study_id(const std::string& name) {
  Stmt q(db_, "SELECT id FROM studies WHERE name = ?1");
  q.bind(1, name);
  if (!q.step()) throw StoreError("no study named '" + name + "' in " + path_);
  return q.i64(0);
}

std::vector<std::string> SqliteStore::study_names() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT name FROM studies ORDER BY name");
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::optional<StudyInfo> SqliteStore::find_study(const std::string& name) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT name, space_canonical, space_hash, space_json, method, direction, seed, created FROM studies WHERE name = ?1");
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  StudyInfo info;
  info.name = q.text(0);
  info.space_canonical = q.text(1);
  info.space_hash = q.u64(2);
  info.space_json = q.text(3);
  info.method = q.text(4);
  info.maximize = q.text(5) == "maximize";
  info.seed = q.u64(6);
  info.created = q.real(7);
  return info;
}

void SqliteStore::create_study(const StudyInfo& info) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  Stmt ins(db_, "INSERT INTO studies (name, space_canonical, space_hash, space_json, method, direction, seed, created) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  ins.bind(1, info.name).bind(2, info.space_canonical).bind(3, info.space_hash).bind(4, info.space_json)
      .bind(5, info.method).bind(6, std::string(info.maximize ? "maximize" : "minimize")).bind(7, info.seed)
      .bind(8, info.created).run();
  txn.commit();
}

void SqliteStore::update_space(const std::string& study, const std::string& canonical, uint64_t hash,
                               const std::string& space_json) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  Stmt up(db_, "UPDATE studies SET space_canonical = ?1, space_hash = ?2, space_json = ?3 WHERE id = ?4");
  up.bind(1, canonical).bind(2, hash).bind(3, space_json).bind(4, study_id(study)).run();
  txn.commit();
}

void SqliteStore::delete_study(const std::string& name) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  Stmt del(db_, "DELETE FROM studies WHERE name = ?1");
  del.bind(1, name).run();
  txn.commit();
}

TrialChanges SqliteStore::load_changes(const std::string& study, int64_t since) {
  std::lock_guard lock(mu_);
  // One read transaction: a consistent snapshot even while another process
  // (another run on the same file) keeps writing between our SELECTs.
  ReadTxn snapshot(db_);
  const int64_t sid = study_id(study);
  TrialChanges changes;
  Stmt counter(db_, "SELECT changes FROM studies WHERE id = ?1");
  counter.bind(1, sid).step();
  changes.cursor = counter.i64(0) + 1;
  std::vector<TrialRecord>& out = changes.trials;
  std::map<int64_t, size_t> by_id;
  Stmt q(db_, "SELECT id, number, state, value, reason, seed, max_resource, started, finished, seconds, attempt "
              "FROM trials WHERE study_id = ?1 AND changed >= ?2 ORDER BY number");
  q.bind(1, sid).bind(2, since);
  while (q.step()) {
    TrialRecord t;
    t.number = static_cast<int>(q.i64(1));
    t.state = parse_state(q.text(2));
    t.value = q.real(3);
    t.reason = q.text(4);
    t.seed = q.u64(5);
    t.max_resource = static_cast<int>(q.i64(6));
    t.started = q.real(7);
    t.finished = std::isnan(q.real(8)) ? 0 : q.real(8);
    t.seconds = std::isnan(q.real(9)) ? 0 : q.real(9);
    t.attempt = static_cast<int>(q.i64(10));
    by_id[q.i64(0)] = out.size();
    out.push_back(std::move(t));
  }
  if (out.empty()) return changes;
  Stmt h(db_, "SELECT h.trial_id, h.name, h.kind, h.number, h.is_int, h.text FROM trial_hypers h "
              "JOIN trials t ON t.id = h.trial_id WHERE t.study_id = ?1 AND t.changed >= ?2");
  h.bind(1, sid).bind(2, since);
  while (h.step()) {
    out[by_id.at(h.i64(0))].hypers[h.text(1)] = stored_hyper(h.text(2), h.real(3), h.i64(4) != 0, h.text(5));
  }
  Stmt iv(db_, "SELECT i.trial_id, i.step, i.value FROM trial_intermediate i "
               "JOIN trials t ON t.id = i.trial_id WHERE t.study_id = ?1 AND t.changed >= ?2 ORDER BY i.trial_id, i.step");
  iv.bind(1, sid).bind(2, since);
  while (iv.step()) out[by_id.at(iv.i64(0))].intermediate.emplace_back(static_cast<int>(iv.i64(1)), iv.real(2));
  Stmt m(db_, "SELECT m.trial_id, m.name, m.value FROM trial_metrics m "
              "JOIN trials t ON t.id = m.trial_id WHERE t.study_id = ?1 AND t.changed >= ?2");
  m.bind(1, sid).bind(2, since);
  while (m.step()) out[by_id.at(m.i64(0))].metrics[m.text(1)] = m.real(2);
  return changes;
}

bool SqliteStore::trial_started(const std::string& study, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  const int64_t sid = study_id(study);
  Stmt q(db_, "SELECT id, state, attempt FROM trials WHERE study_id = ?1 AND number = ?2");
  q.bind(1, sid).bind(2, t.number);
  int64_t id = 0;
  if (q.step()) {
    if (t.attempt > 0 && q.i64(2) != t.attempt) return false;  // superseded, whatever became of the trial
    if (q.text(1) != "running")
      throw StoreError("trial " + std::to_string(t.number) + " of study '" + study + "' already finished; it is never re-run");
    if (t.attempt > 0 && q.i64(2) != t.attempt) return false;
    id = q.i64(0);
    Stmt up(db_, "UPDATE trials SET seed = ?1, max_resource = ?2, started = ?3, finished = NULL, seconds = NULL, "
                 "value = NULL, reason = '' WHERE id = ?4");
    up.bind(1, t.seed).bind(2, t.max_resource).bind(3, t.started).bind(4, id).run();
    Stmt di(db_, "DELETE FROM trial_intermediate WHERE trial_id = ?1");
    di.bind(1, id).run();
    Stmt dm(db_, "DELETE FROM trial_metrics WHERE trial_id = ?1");
    dm.bind(1, id).run();
    Stmt dv(db_, "DELETE FROM trial_values WHERE trial_id = ?1");
    dv.bind(1, id).run();
  } else {
    Stmt ins(db_, "INSERT INTO trials (study_id, number, state, seed, max_resource, started, attempt) "
                  "VALUES (?1, ?2, 'running', ?3, ?4, ?5, ?6)");
    ins.bind(1, sid).bind(2, t.number).bind(3, t.seed).bind(4, t.max_resource).bind(5, t.started).bind(6, t.attempt).run();
    id = sqlite3_last_insert_rowid(db_);
    // An unfenced run (or a copy) used number next_number: the next is the lowest still unused.
    Stmt next(db_, (std::string("UPDATE studies SET next_number = (") + kSqliteLowestUnused + ") WHERE id = ?1 AND next_number = ?2").c_str());
    next.bind(1, sid).bind(2, t.number).run();
  }
  write_hypers(db_, id, t.hypers);
  touch(sid, id);
  txn.commit();
  return true;
}

bool SqliteStore::trial_reported(const std::string& study, int number, int step, double value, int attempt) {
  return trial_reported_all(study, number, {{step, value}}, attempt);
}

// One transaction and one prepared statement for a whole trial's steps: a
// transaction per epoch cost a fifth of a small study's time (issue 16 item 6).
bool SqliteStore::trial_reported_all(const std::string& study, int number,
                                     const std::vector<std::pair<int, double>>& steps, int attempt) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  const int64_t sid = study_id(study);
  const auto id = current_trial(sid, number, attempt);
  if (!id) return false;
  Stmt ins(db_, "INSERT OR REPLACE INTO trial_intermediate (trial_id, step, value) VALUES (?1, ?2, ?3)");
  for (const auto& [step, value] : steps) {
    ins.bind(1, *id).bind(2, step).bind(3, value).run();
    ins.reset();
  }
  touch(sid, *id);
  txn.commit();
  return true;
}

bool SqliteStore::trial_finished(const std::string& study, const TrialRecord& t) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  const int64_t sid = study_id(study);
  const auto found = current_trial(sid, t.number, t.attempt);
  if (!found) return false;
  const int64_t id = *found;
  Stmt up(db_, "UPDATE trials SET state = ?1, value = ?2, reason = ?3, finished = ?4, seconds = ?5, max_resource = ?6, "
               "lease_until = NULL WHERE id = ?7");
  up.bind(1, std::string(to_string(t.state))).bind(2, t.value).bind(3, t.reason).bind(4, t.finished)
      .bind(5, t.seconds).bind(6, t.max_resource).bind(7, id).run();
  write_hypers(db_, id, t.hypers);
  Stmt dv(db_, "DELETE FROM trial_values WHERE trial_id = ?1");
  dv.bind(1, id).run();
  if (!std::isnan(t.value)) {
    Stmt v(db_, "INSERT INTO trial_values (trial_id, objective, value) VALUES (?1, 0, ?2)");
    v.bind(1, id).bind(2, t.value).run();
  }
  for (const auto& [name, v] : t.metrics) {
    Stmt m(db_, "INSERT OR REPLACE INTO trial_metrics (trial_id, name, value) VALUES (?1, ?2, ?3)");
    m.bind(1, id).bind(2, name).bind(3, v).run();
  }
  touch(sid, id);
  txn.commit();
  crash_point("trial-committed");
  return true;
}

std::optional<Claim> SqliteStore::claim_trial(const std::string& study, int limit, double lease_seconds,
                                              const std::string& worker) {
  std::lock_guard lock(mu_);
  // BEGIN IMMEDIATE serializes claims between processes: the two lookups and
  // the write below are one atomic step.
  WriteTxn txn(db_);
  const int64_t sid = study_id(study);
  const std::string now = kSqliteNow;
  Stmt expired(db_, ("SELECT id, number, attempt, max_resource FROM trials WHERE study_id = ?1 AND state = 'running' "
                     "AND number < ?2 AND (lease_until IS NULL OR lease_until < " + now + ") ORDER BY number LIMIT 1").c_str());
  expired.bind(1, sid).bind(2, limit);
  // The lowest number never used is kept in the study's row, not searched for.
  Stmt next(db_, "SELECT next_number FROM studies WHERE id = ?1");
  next.bind(1, sid).step();
  const int64_t fresh = next.i64(0);
  const bool has_expired = expired.step();
  const bool has_fresh = fresh < limit;
  if (!has_expired && !has_fresh) return std::nullopt;
  Claim c;
  int64_t id = 0;
  if (has_expired && (!has_fresh || expired.i64(1) < fresh)) {
    id = expired.i64(0);
    c.number = static_cast<int>(expired.i64(1));
    c.attempt = static_cast<int>(expired.i64(2)) + 1;
    c.rerun = true;
    c.max_resource = static_cast<int>(expired.i64(3));
    Stmt up(db_, ("UPDATE trials SET attempt = ?1, worker = ?2, lease_until = " + now + " + ?3 WHERE id = ?4").c_str());
    up.bind(1, c.attempt).bind(2, worker).bind(3, lease_seconds).bind(4, id).run();
    Stmt h(db_, "SELECT name, kind, number, is_int, text FROM trial_hypers WHERE trial_id = ?1");
    h.bind(1, id);
    while (h.step()) c.hypers[h.text(0)] = stored_hyper(h.text(1), h.real(2), h.i64(3) != 0, h.text(4));
  } else {
    c.number = static_cast<int>(fresh);
    Stmt ins(db_, ("INSERT INTO trials (study_id, number, state, seed, attempt, worker, lease_until, started) "
                   "VALUES (?1, ?2, 'running', 0, 1, ?3, " + now + " + ?4, " + now + ")").c_str());
    ins.bind(1, sid).bind(2, c.number).bind(3, worker).bind(4, lease_seconds).run();
    id = sqlite3_last_insert_rowid(db_);
    Stmt up(db_, (std::string("UPDATE studies SET next_number = (") + kSqliteLowestUnused + ") WHERE id = ?1").c_str());
    up.bind(1, sid).bind(2, fresh + 1).run();
  }
  touch(sid, id);
  txn.commit();
  return c;
}

bool SqliteStore::renew_lease(const std::string& study, int number, int attempt, double lease_seconds) {
  std::lock_guard lock(mu_);
  WriteTxn txn(db_);
  Stmt up(db_, ("UPDATE trials SET lease_until = " + std::string(kSqliteNow) + " + ?1 WHERE study_id = ?2 "
                "AND number = ?3 AND attempt = ?4 AND state = 'running'").c_str());
  up.bind(1, lease_seconds).bind(2, study_id(study)).bind(3, number).bind(4, attempt).run();
  const bool renewed = sqlite3_changes(db_) > 0;
  txn.commit();
  return renewed;
}

}  // namespace xp::rt
