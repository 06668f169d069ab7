# the same as JSON
# exp: diff tests/cli/fixtures/runs/iris_a tests/cli/fixtures/runs/iris_b --json
# exit: 0
