# --set outside loguniform(1e-3, 1e-1)
# exp: run --quiet --out {out} --set lr=5 examples/iris.exp
# exit: 2
