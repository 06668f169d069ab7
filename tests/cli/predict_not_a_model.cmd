# a file that is not a model file
# exp: predict tests/cli/fixtures/models/not_a_model.expm tests/cli/fixtures/iris_rows.csv
# exit: 2
