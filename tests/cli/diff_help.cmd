# exp diff --help
# exp: diff --help
# exit: 0
