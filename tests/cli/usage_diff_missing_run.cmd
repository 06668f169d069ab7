# a run folder that does not exist
# exp: diff tests/cli/fixtures/runs/iris_a tests/cli/fixtures/runs/nope
# exit: 2
