# exp --help: the commands
# exp: --help
# exit: 0
