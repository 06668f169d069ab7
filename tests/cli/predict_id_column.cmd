# --id carries a column of the input first in each row, its cells as written (values vary by build: masked)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict --id plant_id --proba {out} tests/cli/fixtures/iris_rows_with_id.csv
# mask: floats
# exit: 0
