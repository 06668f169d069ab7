# A library model whose int inputs a hyper binds (mlp(x, width, 1)) predicts
# from its model file: the file records hidden and outputs as training bound them
# setup: run --quiet --out {out} tests/cli/fixtures/library_mlp_tuned.exp
# exp: predict {out} tests/cli/fixtures/diabetes_rows.csv
# mask: floats
# exit: 0
