# --check and --write together
# exp: fmt --check --write examples/iris.exp
# exit: 2
