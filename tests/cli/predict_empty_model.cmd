# an empty model file
# exp: predict tests/cli/fixtures/models/empty.expm tests/cli/fixtures/iris_rows.csv
# exit: 2
