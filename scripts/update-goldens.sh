#!/usr/bin/env bash
# Rewrites the expected output (.out) of every golden suite on purpose, after a
# change that alters what exp prints: rebuilds `exp` if needed, runs
# tests/golden/run.py --update per suite, then shows what changed so the diff
# can be read before it is committed.
# Usage: scripts/update-goldens.sh [build-dir] [suite...]   (default: build, every golden suite)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build}"; shift || true
suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
  suites=(diagnostics ir hostile cli repl)   # `examples` has no goldens: it checks metric floors
fi
if [ ! -f "$dir/CMakeCache.txt" ]; then
  scripts/build.sh "$dir"
else
  cmake --build "$dir" --target exp -j "$(nproc)"
fi
exp="$dir/cli/exp"
for suite in "${suites[@]}"; do
  python3 tests/golden/run.py --exp "$exp" --suite "$suite" --root . --update
done
echo
echo "changed goldens:"
git status --short -- tests/diagnostics tests/ir tests/hostile tests/cli tests/repl | grep '\.out$' || echo "  none"
git diff --stat -- '*.out'
