# -o naming the model it reads is refused before anything is written (the model survives)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out}/model.expm tests/cli/fixtures/iris_rows.csv -o {out}/model.expm
# exit: 2
