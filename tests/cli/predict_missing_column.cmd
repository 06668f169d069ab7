# the CSV lacks a column the model was trained on
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_three_columns.csv
# exit: 2
