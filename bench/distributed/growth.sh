#!/usr/bin/env bash
# Whether a shared study's store cost per trial stays flat as it grows: one
# process runs ROUNDS trials on a study of SMALL trials and on one of BIG,
# alternating, on a throw-away PostgreSQL server (Unix socket) and on one
# SQLite file, and prints the ms per trial (claim, start, result), per
# barrier read of the changes, and per read of the whole study, with the
# big/small ratios (bench/distributed/store_growth.cpp). Builds store_growth
# in BUILD_DIR (default build/, configured with -DEXP_BENCH=ON).
# Usage: bench/distributed/growth.sh [BIG] [SMALL] [ROUNDS]   e.g. growth.sh 5000 100 200 (about a minute)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
big="${1:-5000}"; small="${2:-100}"; rounds="${3:-200}"
build="${BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DEXP_BENCH=ON >/dev/null
cmake --build "$build" --target store_growth -j2 >/dev/null
source "$root/tests/pg/pg_server.sh"
pg_start
work=$(mktemp -d /tmp/exp-bench-growth.XXXXXX)
echo "== PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/bench/distributed/store_growth" "$EXP_PG_URL" "$big" "$small" "$rounds"
echo "== one SQLite file"
"$build/bench/distributed/store_growth" "sqlite://$work/growth.db" "$big" "$small" "$rounds"
rm -rf "$work"
