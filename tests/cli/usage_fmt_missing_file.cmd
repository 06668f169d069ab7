# a file that does not exist
# exp: fmt tests/cli/no-such.exp
# exit: 2
