# help on a category
# exp: help losses
# exit: 0
