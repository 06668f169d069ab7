# a model file cut short is refused, not read past its end
# exp: predict tests/cli/fixtures/models/truncated.expm tests/cli/fixtures/iris_rows.csv
# exit: 2
