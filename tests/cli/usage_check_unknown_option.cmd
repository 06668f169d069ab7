# an unknown option of check
# exp: check --bogus examples/iris.exp
# exit: 2
