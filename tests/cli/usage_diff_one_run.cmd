# diff needs two runs
# exp: diff tests/cli/fixtures/runs/iris_a
# exit: 2
