# --sep reads a data file whose separator differs from the training file's (a semicolon CSV)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict --sep ; --id plant_id {out} tests/cli/fixtures/iris_rows_semicolon.csv
# mask: floats
# exit: 0
