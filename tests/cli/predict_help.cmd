# predict --help: options and examples
# exp: predict --help
# exit: 0
