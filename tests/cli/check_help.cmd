# check --help: options and examples
# exp: check --help
# exit: 0
