# --id naming no column of the file: E0807 with did-you-mean and the header
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict --id plant {out} tests/cli/fixtures/iris_rows_with_id.csv
# exit: 2
