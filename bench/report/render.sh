#!/usr/bin/env bash
# report.html of a 10,000-trial study in headless Chromium (issue 16 item 5):
# runs bench/report/five_10k.exp once (cached in build-bench-report/), then
# times a headless screenshot of its report.html against one of about:blank
# (Chromium's own start-up), interleaved, and prints the medians and the
# difference — the page's own load and render. The first call also prints
# the study's wall and CPU time (10,000 TPE proposals, SQLite store).
#   bench/report/render.sh [--reps N]
# Needs a Release build (scripts/build.sh, or EXP=path/to/exp) and chromium (scripts/setup.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
exp="${EXP:-build/cli/exp}"
reps=5
[ "${1:-}" = "--reps" ] && reps="$2"
out=build-bench-report/run
if [ ! -f "$out/report.html" ]; then
  rm -rf "$out"
  mkdir -p build-bench-report
  /usr/bin/time -f "exp run, 10,000 TPE trials: %e s wall, %U s user CPU" \
    "$exp" run -q --parallel 1 --out "$out" bench/report/five_10k.exp > /dev/null
fi
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
shot() {
  local profile; profile=$(mktemp -d)
  ms chromium --headless --no-sandbox --disable-gpu --disable-background-networking --user-data-dir="$profile" \
    --window-size=1280,4000 --screenshot="$profile/shot.png" "$1"
  rm -rf "$profile"
}
page="file://$(pwd)/$out/report.html"
pages=() blanks=()
for _ in $(seq "$reps"); do
  pages+=("$(shot "$page")")
  blanks+=("$(shot about:blank)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
p=$(median "${pages[@]}"); b=$(median "${blanks[@]}")
echo "report.html $(du -k "$out/report.html" | cut -f1) KB: screenshot ${p} ms, about:blank ${b} ms: the page itself $((p - b)) ms (target < 2000)"
