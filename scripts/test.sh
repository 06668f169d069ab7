#!/usr/bin/env bash
# From a fresh Debian machine: install what exp needs, build it, run every
# test in Release. EXP_SANITIZE_TESTS=1 also builds and runs the suite under
# AddressSanitizer + UBSan (not yet run by CI: see docs/progress.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs="$(nproc)"
scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")
if [ "${EXP_SANITIZE_TESTS:-0}" = 1 ]; then
  scripts/build.sh build-asan -DEXP_SANITIZE=ON -DEXP_NATIVE=OFF -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs" -LE slow)
fi
