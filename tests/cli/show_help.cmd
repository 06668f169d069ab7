# show --help: options and examples
# exp: show --help
# exit: 0
