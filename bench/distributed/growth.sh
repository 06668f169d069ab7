#!/usr/bin/env bash
# Whether a shared study's store cost per trial stays flat as it grows: one
# process claims, starts and finishes TRIALS trials on a throw-away
# PostgreSQL server (Unix socket) and on one SQLite file, and prints the ms
# per trial and per barrier read of the study at trial 100, 1000, 2000, ...
# (bench/distributed/store_growth.cpp). Builds store_growth in BUILD_DIR
# (default build/, configured with -DEXP_BENCH=ON).
# Usage: bench/distributed/growth.sh [TRIALS] [WINDOW]    e.g. growth.sh 5000 100 (about a minute)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
trials="${1:-5000}"; window="${2:-100}"
build="${BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DEXP_BENCH=ON >/dev/null
cmake --build "$build" --target store_growth -j2 >/dev/null
source "$root/tests/pg/pg_server.sh"
pg_start
work=$(mktemp -d /tmp/exp-bench-growth.XXXXXX)
echo "== PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/bench/distributed/store_growth" "$EXP_PG_URL" "$trials" "$window"
echo "== one SQLite file"
"$build/bench/distributed/store_growth" "sqlite://$work/growth.db" "$trials" "$window"
rm -rf "$work"
