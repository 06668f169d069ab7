# help --help: options and examples
# exp: help --help
# exit: 0
