# a two-model run against a one-model run: the model only one run trained is marked
# exp: diff tests/cli/fixtures/runs_models/seed3 tests/cli/fixtures/runs/iris_a --json
# exit: 0
