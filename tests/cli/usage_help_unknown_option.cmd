# an unknown option of help
# exp: help --bogus
# exit: 2
