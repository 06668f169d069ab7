#!/usr/bin/env bash
# Installs every Debian package exp needs to build and test. Idempotent.
# Usage: scripts/setup.sh [--bench] [--browser]
#   --bench    also the peers for benchmarks (PyTorch, scikit-learn, Optuna and psycopg2 for
#              its PostgreSQL storage, OpenBLAS for torch)
#   --browser  also headless Chromium for the report rendering test
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3
  antlr4 libantlr4-runtime-dev
  libopenblas-dev  # matrix products where its kernels fit the CPU (cmake/blas.cmake)
  libeigen3-dev libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libedit-dev libxml2-utils
  libpq-dev postgresql  # the PostgreSQL study store and its tests (tests/pg)
  clang libclang-rt-14-dev  # the sanitizer stage of scripts/test.sh and the fuzz target
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-torch python3-sklearn python3-optuna python3-psycopg2 python3-pandas libopenblas0-pthread hyperfine) ;;
    --browser) packages+=(chromium) ;;
    --fuzz) ;;  # what fuzzing needs (clang) is in the base list
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all ${#packages[@]} packages present"
