#!/usr/bin/env bash
# From a fresh Debian machine: install what exp needs, build it, run every
# test in Release, then build the suite again under AddressSanitizer + UBSan
# (build-asan/, Debug, clang) and run it once more without the tests labelled
# `slow` (docs/testing.md). EXP_SANITIZE_TESTS=0 skips that second stage for
# a quick local run.
#
# Both stages are unity builds (CMAKE_UNITY_BUILD: a batch of sources per
# compiler run, so the Eigen, fmt, JSON and ANTLR headers are parsed once per
# batch instead of once per file) and the sanitizer stage compiles with clang,
# which instruments faster than GCC: docs/testing.md has the measured times.
# Day-to-day builds (scripts/build.sh) stay one file per compiler run, which
# rebuilds less after an edit and shares the ccache.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
unity=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)
scripts/build.sh build "${unity[@]}"
(cd build && ctest --output-on-failure -j "$jobs")
if [ "${EXP_SANITIZE_TESTS:-1}" = 1 ]; then
  scripts/build.sh build-asan -DEXP_SANITIZE=ON -DEXP_NATIVE=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_COMPILER=clang++ "${unity[@]}"
  # Any UB report or leak fails the test that caused it.
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  (cd build-asan && ctest --output-on-failure -j "$jobs" -LE slow)
fi
