# -o writes the CSV to a file; the summary names it
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows.csv -o {out}/predictions.csv
# exit: 0
