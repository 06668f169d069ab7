# the canonical layout of an example, comments kept
# exp: fmt examples/iris.exp
# exit: 0
