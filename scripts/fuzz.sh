#!/usr/bin/env bash
# Fuzzes the front end (parse + check + lower, tests/fuzz/fuzz_check.cpp) with
# libFuzzer under ASan + UBSan for a number of seconds (default 60).
# Usage: scripts/fuzz.sh [seconds] [extra libFuzzer flags...]
# Builds with clang into build-fuzz/. Seeds: examples/, tests/diagnostics/ and
# tests/hostile/. The growing corpus stays in build-fuzz/corpus between runs;
# a crashing or hanging input is written to build-fuzz/artifacts/ and the
# script exits non-zero. Reproduce one with: build-fuzz/tests/fuzz/fuzz_check FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
dir=build-fuzz
scripts/setup.sh --fuzz
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DEXP_FUZZ=ON -DEXP_TESTS=OFF -DEXP_NATIVE=OFF >/dev/null
cmake --build "$dir" --target fuzz_check -j "$(nproc)"

mkdir -p "$dir/seeds" "$dir/corpus" "$dir/artifacts"
cp examples/*.exp tests/diagnostics/*.exp "$dir/seeds/"
cp tests/hostile/*.exp "$dir/seeds/" 2>/dev/null || true
# New inputs go to the first folder (corpus); seeds are only read.
# stdin is /dev/null so that no input can make the front end wait on a terminal.
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
"$dir/tests/fuzz/fuzz_check" "$dir/corpus" "$dir/seeds" \
  -dict=tests/fuzz/exp.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -artifact_prefix="$dir/artifacts/" -print_final_stats=1 "$@" </dev/null
