# --seed must be a number
# exp: run --seed x examples/iris.exp
# exit: 2
