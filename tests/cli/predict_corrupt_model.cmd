# a model file with one flipped byte fails its checksum
# exp: predict tests/cli/fixtures/models/flipped_byte.expm tests/cli/fixtures/iris_rows.csv
# exit: 2
