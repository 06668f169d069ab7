# help on a misspelt built-in
# exp: help adma
# exit: 2
