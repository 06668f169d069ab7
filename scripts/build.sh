#!/usr/bin/env bash
# Configures and builds exp into build/ (Release, -O3 -march=native), one
# source file per compiler run (what rebuilds least after an edit; CI's
# scripts/test.sh passes -DCMAKE_UNITY_BUILD=ON, which the extra args override).
# Usage: scripts/build.sh [build-dir] [extra cmake args...]
# EXP_BLAS=openblas scripts/build.sh build-blas   matrix products through
# OpenBLAS (libopenblas-dev: scripts/setup.sh --bench); docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"; shift || true
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
blas=()
[ -n "${EXP_BLAS:-}" ] && blas=(-DEXP_BLAS="$EXP_BLAS")
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=OFF "${blas[@]}" "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
