#!/usr/bin/env bash
# Times `exp run` on bench/mlp/{digits,large}.exp against a lean hand-written
# Eigen loop, exp's Executable driven directly (the interpreter's overhead is
# the difference) and PyTorch on one thread, interleaved, and prints ratios.
# Needs `scripts/setup.sh --bench` (python3-torch, libopenblas0-pthread).
# Usage: bench/mlp/run.sh [run.py options: --reps R --cases digits,large
#                          --large-epochs N --small-epochs N --no-torch]
# EXP_BENCH_BUILD picks the build folder (default build-bench, configured
# with Eigen's own GEMM: -DEXP_BLAS=eigen); extra CMake options go in
# EXP_BENCH_CMAKE. EXP_BENCH_BLAS=1 also builds a -DEXP_BLAS=openblas tree
# (EXP_BENCH_BLAS_BUILD, default build-bench-blas) and times its exp run and
# lean loop in the same rounds. Each tree's library is printed first (an
# existing tree keeps its own: scripts/build.sh's picks OpenBLAS where it fits).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${EXP_BENCH_BUILD:-$root/build-bench}"
# A fresh folder is configured for the bench alone; an existing one (e.g.
# EXP_BENCH_BUILD=build, the Release tree of scripts/build.sh) keeps its
# options and gains the bench target.
fresh=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DEXP_NATIVE=ON -DEXP_TESTS=OFF -DEXP_BLAS=eigen)
[ -f "$build/CMakeCache.txt" ] && fresh=()
# shellcheck disable=SC2086
cmake -S "$root" -B "$build" "${fresh[@]}" -DEXP_BENCH=ON ${EXP_BENCH_CMAKE:-} >/dev/null
cmake --build "$build" --target exp bench_mlp -j2 >/dev/null
echo "$build: $("$build/cli/exp" --version | tail -n 1)"
blas=()
if [ "${EXP_BENCH_BLAS:-0}" = 1 ]; then
  bb="${EXP_BENCH_BLAS_BUILD:-$root/build-bench-blas}"
  fresh=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DEXP_NATIVE=ON -DEXP_TESTS=OFF)
  [ -f "$bb/CMakeCache.txt" ] && fresh=()
  cmake -S "$root" -B "$bb" "${fresh[@]}" -DEXP_BENCH=ON -DEXP_BLAS=openblas >/dev/null
  cmake --build "$bb" --target exp bench_mlp -j2 >/dev/null
  echo "$bb: $("$bb/cli/exp" --version | tail -n 1)"
  blas=(--blas-exp "$bb/cli/exp" --blas-bench "$bb/bench/mlp/bench_mlp")
fi
exec /usr/bin/python3 "$root/bench/mlp/run.py" --exp "$build/cli/exp" --bench "$build/bench/mlp/bench_mlp" "${blas[@]}" "$@"
