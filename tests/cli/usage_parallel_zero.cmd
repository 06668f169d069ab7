# --parallel must be at least 1
# exp: run --parallel 0 examples/iris.exp
# exit: 2
