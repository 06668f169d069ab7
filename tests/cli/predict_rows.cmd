# predictions of a freshly trained model, with class probabilities (values vary by build: masked)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict --proba {out}/model.expm tests/cli/fixtures/iris_rows.csv
# mask: floats
# exit: 0
