#!/usr/bin/env bash
# Configures and builds exp into build/ (Release, -O3 -march=native), one
# source file per compiler run (what rebuilds least after an edit; CI's
# scripts/test.sh passes -DCMAKE_UNITY_BUILD=ON, which the extra args override).
# Usage: scripts/build.sh [build-dir] [extra cmake args...]
# Matrix products go through OpenBLAS where it is installed (scripts/setup.sh)
# and its kernels fit this CPU, else through Eigen (cmake/blas.cmake). EXP_BLAS
# overrides that: EXP_BLAS=eigen scripts/build.sh build-eigen forces Eigen,
# EXP_BLAS=openblas forces OpenBLAS (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"; shift || true
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# Passed on every run, so a build folder configured before auto existed (or
# with another value) follows the environment, not its cache.
blas=(-DEXP_BLAS="${EXP_BLAS-auto}")
cmake -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=OFF "${blas[@]}" "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
