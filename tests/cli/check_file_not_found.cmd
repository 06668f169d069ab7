# check a script that does not exist
# exp: check nope.exp
# exit: 2
