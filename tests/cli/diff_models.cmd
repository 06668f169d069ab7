# two runs of a two-model script: every model compared with its namesake, not only the last
# exp: diff tests/cli/fixtures/runs_models/seed3 tests/cli/fixtures/runs_models/seed4
# exit: 0
