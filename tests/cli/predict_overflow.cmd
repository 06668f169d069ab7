# a cell beyond a 32-bit float (1e39) is an error naming its row and column, not a prediction (issue 11)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows_overflow.csv
# exit: 2
