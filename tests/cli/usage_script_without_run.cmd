# a script given without a command
# exp: examples/iris.exp
# exit: 2
