# check without its FILE
# exp: check
# exit: 2
