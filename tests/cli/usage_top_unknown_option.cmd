# an unknown option before any command
# exp: --bogus
# exit: 2
