#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster (initdb in a temp folder, as an
# unprivileged user — PostgreSQL refuses root —, listening on a Unix socket in
# that folder only), runs the PostgreSQL tests against it, and stops it.
# Fails loudly when the server cannot be started: never a silent skip.
# Usage: run_pg_tests.sh TEST_PG_BINARY EXP_BINARY SOURCE_DIR
set -euo pipefail
test_pg="$1"; exp="$2"; src="$3"

fail() { echo "run_pg_tests: FAIL: $*" >&2; exit 1; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -x "$bindir/initdb" ] || fail "no PostgreSQL server (initdb) found under /usr/lib/postgresql; install it: scripts/setup.sh"

tmp=$(mktemp -d /tmp/exp-pg.XXXXXX)
chmod 755 "$tmp"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root and there is no 'postgres' user to run the server as"
  chown postgres "$tmp"
  as_owner=(runuser -u postgres --)
fi
stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -A trust -U exp --no-sync >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; fail "initdb failed"; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 \
  -o "-c listen_addresses='' -k $tmp -c fsync=off -c synchronous_commit=off -c max_connections=50" start >/dev/null \
  || { cat "$tmp/server.log" >&2; fail "the PostgreSQL server did not start"; }

export EXP_PG_URL="postgresql:///postgres?host=$tmp&user=exp"
export EXP_PG_SOCKET_DIR="$tmp" EXP_PG_BIN="$bindir" EXP_PG_DATA="$tmp/data" EXP_PG_AS="${as_owner[*]}"
echo "run_pg_tests: server up on $tmp"

"$test_pg"
if [ -f "$src/tests/pg/multi_worker.py" ]; then
  python3 "$src/tests/pg/multi_worker.py" --exp "$exp" --root "$src" --url "$EXP_PG_URL"
fi
echo "run_pg_tests: all passed"
