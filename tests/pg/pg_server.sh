# Sourced by tests/pg/run_pg_tests.sh and bench/distributed/run.sh: starts a
# throw-away PostgreSQL cluster in a temp folder — initdb as an unprivileged
# user (PostgreSQL refuses root), listening on a Unix socket in that folder
# only — and stops it (and removes the folder) when the shell exits.
# After pg_start: EXP_PG_URL, EXP_PG_BIN, EXP_PG_DATA, EXP_PG_AS are exported.
# Fails loudly (exit 1) when the server cannot be started: never a silent skip.

pg_fail() { echo "pg_server: FAIL: $*" >&2; exit 1; }

pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -x "$bindir/initdb" ] || pg_fail "no PostgreSQL server (initdb) under /usr/lib/postgresql; install it: scripts/setup.sh"
  PG_TMP=$(mktemp -d /tmp/exp-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || pg_fail "running as root and there is no 'postgres' user to run the server as"
    chown postgres "$PG_TMP"
    PG_AS=(runuser -u postgres --)
  fi
  trap pg_stop EXIT
  "${PG_AS[@]}" "$bindir/initdb" -D "$PG_TMP/data" -A trust -U exp --no-sync >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; pg_fail "initdb failed"; }
  "${PG_AS[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $PG_TMP -c fsync=off -c synchronous_commit=off -c max_connections=50" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; pg_fail "the PostgreSQL server did not start"; }
  export EXP_PG_URL="postgresql:///postgres?host=$PG_TMP&user=exp"
  export EXP_PG_BIN="$bindir" EXP_PG_DATA="$PG_TMP/data" EXP_PG_AS="${PG_AS[*]}"
  PG_BINDIR="$bindir"
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=""
}
