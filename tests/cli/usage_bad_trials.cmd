# --trials must be positive
# exp: run --trials 0 examples/iris.exp
# exit: 2
