#!/usr/bin/env bash
# Tuning benchmarks, exp and Optuna side by side (not part of ctest).
#   bench/tune/run.sh [all|efficiency|overhead|scale]
#   scale: 10,000 trials, random (runner + stores, must stay flat) and TPE, beside Optuna
#   (several minutes on a busy machine; not part of all)
# Needs the peers: scripts/setup.sh --bench (Debian python3-optuna).
# Builds bench/tune/tune_bench in Release in build-bench-tune/ (override with BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build-bench-tune}"
cmake -S bench/tune -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j2 > /dev/null
what="${1:-all}"
py=/usr/bin/python3
if [ "$what" = all ] || [ "$what" = efficiency ]; then
  "$build/tune_bench" efficiency 50 20
  "$py" bench/tune/optuna_bench.py efficiency 50 20
  echo
fi
if [ "$what" = all ] || [ "$what" = overhead ]; then
  "$build/tune_bench" overhead 1000 "$build/overhead.db"
  "$py" bench/tune/optuna_bench.py overhead 1000
fi
if [ "$what" = scale ]; then
  "$build/tune_bench" overhead 10000 "$build/scale.db" random
  "$build/tune_bench" overhead 10000 "$build/scale.db" tpe memory
  "$py" bench/tune/optuna_bench.py overhead 10000 random
  "$py" bench/tune/optuna_bench.py overhead 1000 tpe
fi
