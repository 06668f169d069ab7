#!/usr/bin/env bash
# Fuzzes both parsers of untrusted input with libFuzzer under ASan + UBSan,
# each for a number of seconds (default 60):
#   fuzz_check       the front end (parse + check + lower, tests/fuzz/fuzz_check.cpp)
#   fuzz_model_file  the model-file loader (decode + validate + instantiate,
#                    tests/fuzz/fuzz_model_file.cpp; the checksum is fixed up
#                    so mutations reach the structure)
# Usage: scripts/fuzz.sh [seconds] [check|model|both] [extra libFuzzer flags...]
# Builds with clang into build-fuzz/. Seeds: examples/, tests/diagnostics/ and
# tests/hostile/ for the front end; the model files of a quickstart run for the
# loader. The growing corpora stay in build-fuzz/corpus-<target> between runs;
# a crashing or hanging input is written to build-fuzz/artifacts/ and the
# script exits non-zero. Reproduce one with: build-fuzz/tests/fuzz/<target> FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
which="${1:-both}"; shift || true
dir=build-fuzz
scripts/setup.sh --fuzz
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DEXP_FUZZ=ON -DEXP_TESTS=OFF -DEXP_NATIVE=OFF >/dev/null
cmake --build "$dir" --target fuzz_check fuzz_model_file exp -j "$(nproc)"
mkdir -p "$dir/artifacts"

fuzz() {  # target corpus seeds [flags...]
  local target="$1" corpus="$2" seeds="$3"; shift 3
  mkdir -p "$corpus"
  # New inputs go to the first folder (corpus); seeds are only read.
  # stdin is /dev/null so that no input can make a target wait on a terminal.
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$dir/tests/fuzz/$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/artifacts/$target-" -print_final_stats=1 "$@" </dev/null
}

if [[ "$which" == check || "$which" == both ]]; then
  mkdir -p "$dir/seeds-check"
  cp examples/*.exp tests/diagnostics/*.exp "$dir/seeds-check/"
  cp tests/hostile/*.exp "$dir/seeds-check/" 2>/dev/null || true
  fuzz fuzz_check "$dir/corpus-check" "$dir/seeds-check" -dict=tests/fuzz/exp.dict -max_len=8192 "$@"
fi
if [[ "$which" == model || "$which" == both ]]; then
  # Seeds: real model files (classifier and regressor) without their 8-byte
  # checksum, which the target appends.
  rm -rf "$dir/seed-runs" "$dir/seeds-model"
  mkdir -p "$dir/seeds-model"
  for script in examples/quickstart.exp examples/diabetes.exp; do
    [[ -f "$script" ]] || continue
    name=$(basename "$script" .exp)
    "$dir/cli/exp" run --quiet --out "$dir/seed-runs/$name" "$script" >/dev/null
    head -c -8 "$dir/seed-runs/$name/model.expm" >"$dir/seeds-model/$name"
  done
  fuzz fuzz_model_file "$dir/corpus-model" "$dir/seeds-model" -max_len=65536 "$@"
fi
