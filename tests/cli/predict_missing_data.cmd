# a trained model and a CSV that does not exist
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/none.csv
# exit: 2
