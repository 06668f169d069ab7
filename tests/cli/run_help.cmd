# run --help lists every option, with examples
# exp: run --help
# exit: 0
