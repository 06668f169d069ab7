# a filter picks models of multi-model runs by name
# exp: runs tests/cli/fixtures/runs_models --filter model=logreg --sort test.accuracy
# exit: 0
