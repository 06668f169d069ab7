# --sep takes one of the separators a data file may have
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict --sep : {out} tests/cli/fixtures/iris_rows_semicolon.csv
# exit: 2
