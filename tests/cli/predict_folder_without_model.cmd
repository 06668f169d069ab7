# a run folder with no model.expm
# exp: predict tests/cli/fixtures/iris tests/cli/fixtures/iris_rows.csv
# exit: 2
