# --proba on a regression model is an error (E0913), not an empty list of classes
# setup: run --quiet --out {out} examples/diabetes.exp
# exp: predict --proba {out} tests/cli/fixtures/diabetes_rows.csv
# exit: 2
