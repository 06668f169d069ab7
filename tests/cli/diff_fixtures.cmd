# what changed between two runs: script lines, seed, a data part, hypers, metrics
# exp: diff tests/cli/fixtures/runs/iris_a tests/cli/fixtures/runs/iris_b
# exit: 0
