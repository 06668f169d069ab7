# a run recorded before fingerprints named their hash (bare FNV-1a hex) against one after: not comparable, not changed
# exp: diff tests/cli/fixtures/run_before_bulk64 tests/cli/fixtures/runs/iris_a
# exit: 0
