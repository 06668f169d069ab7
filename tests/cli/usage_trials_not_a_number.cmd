# --trials must be a number
# exp: run --trials many examples/iris.exp
# exit: 2
