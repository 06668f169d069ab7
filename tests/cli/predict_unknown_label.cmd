# an unknown target label (and a missing one) leaves those rows unscored; the others are scored (values vary by build: masked)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows_unknown_label.csv
# mask: floats
# exit: 0
