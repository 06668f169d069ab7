#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server (pg_server.sh), runs the PostgreSQL
# tests against it — the store conformance suite (test_pg) and the
# multi-process studies (multi_worker.py) — and stops it. Registered as the
# ctest pg.server; fails loudly when the server cannot be started.
# Usage: run_pg_tests.sh TEST_PG_BINARY EXP_BINARY SOURCE_DIR
set -euo pipefail
test_pg="$1"; exp="$2"; src="$3"
source "$(dirname "$0")/pg_server.sh"
pg_start
echo "run_pg_tests: server up on $PG_TMP"
"$test_pg"
python3 "$src/tests/pg/multi_worker.py" --exp "$exp" --root "$src" --url "$EXP_PG_URL"
echo "run_pg_tests: all passed"
