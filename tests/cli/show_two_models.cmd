# a run that trained two models: `exp show` prints each (report.json exp.report/2 with `models`)
# exp: show tests/cli/fixtures/two_models
# exit: 0
