#!/usr/bin/env bash
# Trains the same MLP in exp (its Executable), in a hand-written Eigen loop
# and in PyTorch (one thread), on digits and on a synthetic 50,000 × 128 set,
# and prints ms/epoch with the ratios. Needs `scripts/setup.sh --bench`.
# Usage: bench/mlp/run.sh [large-epochs]    (default 3; the small set runs 20)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-bench"
large_epochs="${1:-3}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEXP_NATIVE=ON -DEXP_TESTS=OFF -DEXP_BENCH=ON >/dev/null
cmake --build "$build" --target bench_mlp -j2 >/dev/null
bench="$build/bench/mlp/bench_mlp"
csv="$root/stdlib/data/digits.csv"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
for data in digits synthetic; do
  epochs=20; [ "$data" = synthetic ] && epochs="$large_epochs"
  exp_line=$("$bench" --impl exp --data "$data" --epochs "$epochs" --csv "$csv")
  eigen_line=$("$bench" --impl eigen --data "$data" --epochs "$epochs" --csv "$csv")
  torch_line=$(cd "$root" && /usr/bin/python3 "$root/bench/mlp/torch_mlp.py" --data "$data" --epochs "$epochs" --csv "$csv")
  echo "$exp_line"; echo "$eigen_line"; echo "$torch_line"
  e=$(echo "$exp_line" | field ms_per_epoch)
  h=$(echo "$eigen_line" | field ms_per_epoch)
  t=$(echo "$torch_line" | field ms_per_epoch)
  awk -v d="$data" -v e="$e" -v h="$h" -v t="$t" 'BEGIN {
    printf "%-9s exp %.3f ms/epoch | eigen %.3f | torch %.3f | exp/eigen %.2fx | torch/exp %.1fx\n\n", d, e, h, t, e/h, t/e }'
done
