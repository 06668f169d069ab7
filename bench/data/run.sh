#!/usr/bin/env bash
# Data loading and start-up beside pandas (issue 16 item 4); bench/data/bench.py says what is timed.
#   bench/data/run.sh [--reps N] [--rows N]
# Needs a Release build (scripts/build.sh, or EXP=path/to/exp) and Debian python3-pandas
# (scripts/setup.sh --bench). The CSV files (~190 MB) are generated once into build-bench-data/.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 bench/data/bench.py --exp "${EXP:-build/cli/exp}" "$@"
