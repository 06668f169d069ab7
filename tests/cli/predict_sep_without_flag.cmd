# the same semicolon file without --sep: read with the training file's comma, its header is one column; one error says to pass --sep ";"
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows_semicolon.csv
# exit: 2
