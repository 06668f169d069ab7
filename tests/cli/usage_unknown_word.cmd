# an unknown word that is not close to a command lists them
# exp: fit examples/iris.exp
# exit: 2
