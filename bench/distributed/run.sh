#!/usr/bin/env bash
# Trials per second of one study run by 1, 2 and 4 `exp run` processes
# (--parallel 1 each) on a throw-away PostgreSQL server (Unix socket) and on
# one shared SQLite file, against the plain serial run (study.db in the run
# folder). The objective is examples/branin.exp's expression (microseconds),
# so the figures are the store's and the coordination's cost per trial.
# Usage: bench/distributed/run.sh [EXP_BINARY] [TRIALS]   (about a minute)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exp="${1:-$root/build/cli/exp}"; trials="${2:-200}"
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

serial=$(timed "$exp" run "$script" -q --parallel 1 --trials "$trials" --out "$work/serial")
printf "%-28s %8s %10s\n" "store, processes" "seconds" "trials/s"
printf "%-28s %8.2f %10.1f\n" "serial, study.db (default)" "$serial" "$(echo "$trials / $serial" | bc -l)"
for n in 1 2 4; do
  s=$(timed workers "$EXP_PG_URL" "pg$n" "$n")
  printf "%-28s %8.2f %10.1f\n" "postgresql, $n" "$s" "$(echo "$trials / $s" | bc -l)"
done
for n in 1 2 4; do
  s=$(timed workers "sqlite://$work/shared.db" "sq$n" "$n")
  printf "%-28s %8.2f %10.1f\n" "sqlite shared file, $n" "$s" "$(echo "$trials / $s" | bc -l)"
done
rm -rf "$work"
