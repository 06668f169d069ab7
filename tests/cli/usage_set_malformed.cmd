# --set takes NAME=VALUE
# exp: run --set lr examples/iris.exp
# exit: 2
