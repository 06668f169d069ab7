# predict with a model file that does not exist
# exp: predict tests/cli/fixtures/none/model.expm tests/cli/fixtures/none.csv
# exit: 2
