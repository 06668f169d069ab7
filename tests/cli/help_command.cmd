# a command's help through exp help, as exp show --help prints it
# exp: help show
# exit: 0
