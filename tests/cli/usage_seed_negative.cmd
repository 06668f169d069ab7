# --seed is a whole number >= 0 (CLI11 would wrap -3 around)
# exp: run --seed -3 examples/iris.exp
# exit: 2
