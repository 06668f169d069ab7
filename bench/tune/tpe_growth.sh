#!/usr/bin/env bash
# TPE's cost per trial as a study grows, as users meet it: `exp run` of
# bench/report/five_10k.exp (a 5-D black-box TPE study, SQLite store in the
# run folder, one worker) with --trials N for each N given, then the user
# CPU per trial of each block between two sizes. Flat past ~1,000 trials is
# the target (issue 16 item 5; docs/tuning.md, "Cost per trial").
#   bench/tune/tpe_growth.sh [N ...]      (default: 1000 2000 4000 8000 10000)
# Needs a Release build (scripts/build.sh, or EXP=path/to/exp).
set -euo pipefail
cd "$(dirname "$0")/../.."
exp="${EXP:-build/cli/exp}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 2000 4000 8000 10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prev_n=0 prev_cpu=0
printf '%8s %12s %22s\n' trials "user CPU s" "ms per trial in block"
for n in "${sizes[@]}"; do
  /usr/bin/time -o "$work/time" -f "%U" "$exp" run -q --parallel 1 --trials "$n" --out "$work/run$n" \
    bench/report/five_10k.exp > /dev/null
  cpu=$(tail -1 "$work/time")
  block=$(awk -v c="$cpu" -v pc="$prev_cpu" -v n="$n" -v pn="$prev_n" 'BEGIN{printf "%.2f", 1000*(c-pc)/(n-pn)}')
  printf '%8d %12s %22s\n' "$n" "$cpu" "$block"
  prev_n=$n prev_cpu=$cpu
  rm -rf "$work/run$n"
done
