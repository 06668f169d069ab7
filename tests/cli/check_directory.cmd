# check a folder instead of a script
# exp: check tests/cli
# exit: 2
