# a script that does not exist
# exp: run nope.exp
# exit: 2
