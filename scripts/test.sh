#!/usr/bin/env bash
# From a fresh Debian machine: install what exp needs, build it, run every
# test in Release, then build the suite again under AddressSanitizer + UBSan
# (build-asan/, Debug) and run it once more without the tests labelled `slow`
# (docs/testing.md). EXP_SANITIZE_TESTS=0 skips that second stage, which
# more than doubles the time on two cores, for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")
if [ "${EXP_SANITIZE_TESTS:-1}" = 1 ]; then
  scripts/build.sh build-asan -DEXP_SANITIZE=ON -DEXP_NATIVE=OFF -DCMAKE_BUILD_TYPE=Debug
  # Any UB report or leak fails the test that caused it.
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  (cd build-asan && ctest --output-on-failure -j "$jobs" -LE slow)
fi
