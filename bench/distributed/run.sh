#!/usr/bin/env bash
# Trials per second of one study run by 1, 2, 4 and 8 `exp run` processes
# (--parallel 1 each) on a throw-away PostgreSQL server (Unix socket) and on
# one shared SQLite file, against the plain serial run (study.db in the run
# folder), and Optuna's RDB storage on the same server with the same numbers
# of processes (bench/distributed/optuna_rdb.py; python3-optuna and
# python3-psycopg2 from scripts/setup.sh --bench). The objective is
# examples/branin.exp's expression (microseconds), so the figures are the
# store's and the coordination's cost per trial.
# Usage: bench/distributed/run.sh [EXP_BINARY] [TRIALS] [PROCESS COUNTS]   (a few minutes)
#   e.g. bench/distributed/run.sh build/cli/exp 200 "1 2 4 8"
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exp="${1:-$root/build/cli/exp}"; trials="${2:-200}"; counts="${3:-1 2 4 8}"
source "$root/tests/pg/pg_server.sh"
pg_start
work=$(mktemp -d /tmp/exp-bench-dist.XXXXXX)
script="$root/examples/branin.exp"

timed() {  # prints seconds for the command line given
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

workers() {  # store-url study n
  local pids=() i
  for i in $(seq "$3"); do
    "$exp" run "$script" -q --parallel 1 --trials "$trials" --storage "$1" --study "$2" --out "$work/$2-$i" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}

row() {  # label seconds
  printf "%-30s %8.2f %10.1f %10.2f\n" "$1" "$2" "$(echo "$trials / $2" | bc -l)" "$(echo "1000 * $2 / $trials" | bc -l)"
}

serial=$(timed "$exp" run "$script" -q --parallel 1 --trials "$trials" --out "$work/serial")
printf "%-30s %8s %10s %10s\n" "store, processes" "seconds" "trials/s" "ms/trial"
row "serial, study.db (default)" "$serial"
for n in $counts; do row "exp postgresql, $n" "$(timed workers "$EXP_PG_URL" "pg$n" "$n")"; done
for n in $counts; do row "exp sqlite shared file, $n" "$(timed workers "sqlite://$work/shared.db" "sq$n" "$n")"; done
if /usr/bin/python3 -c "import optuna, psycopg2" 2>/dev/null; then
  # SQLAlchemy's URL for the same server: the socket folder as host.
  sa_url="postgresql+psycopg2://exp@/postgres?host=$PG_TMP"
  for n in $counts; do
    read -r s done < <(/usr/bin/python3 "$root/bench/distributed/optuna_rdb.py" "$sa_url" "optuna$n" "$trials" "$n")
    row "optuna rdb postgresql, $n" "$s"
    [ "$done" -ge "$trials" ] || echo "  (optuna finished $done trials)"
  done
else
  echo "optuna rdb: skipped (install python3-optuna python3-psycopg2: scripts/setup.sh --bench)"
fi
rm -rf "$work"
