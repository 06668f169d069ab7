# exp fmt --help
# exp: fmt --help
# exit: 0
