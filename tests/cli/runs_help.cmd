# exp runs --help
# exp: runs --help
# exit: 0
