# an unknown option is a usage error (2), not CLI11's own code
# exp: run --bogus examples/iris.exp
# exit: 2
