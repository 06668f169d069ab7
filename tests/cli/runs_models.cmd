# a run that trained two models: one row per model, each with its own metrics and best
# exp: runs tests/cli/fixtures/runs_models
# exit: 0
