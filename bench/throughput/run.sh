#!/usr/bin/env bash
# Tuning throughput against scikit-learn and Optuna (see run.py). Needs
# `scripts/setup.sh --bench`. Usage: bench/throughput/run.sh [--repeat N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-bench"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEXP_NATIVE=ON -DEXP_TESTS=OFF -DEXP_BENCH=ON >/dev/null
cmake --build "$build" --target exp -j2 >/dev/null
exec /usr/bin/python3 "$root/bench/throughput/run.py" --exp "$build/cli/exp" "$@"
