# a missing cell the model cannot fill: the help speaks of the saved model, not of the data source's impute:
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows_missing_cell.csv
# exit: 2
