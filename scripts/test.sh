#!/usr/bin/env bash
# From a fresh Debian machine: install what exp needs, build it, run every
# test — once in Release and once under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")
if [ "${EXP_SKIP_SANITIZE:-0}" != 1 ]; then
  scripts/build.sh build-asan -DEXP_SANITIZE=ON -DEXP_NATIVE=OFF -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs" -LE slow)
fi
