# a misspelt command gets a suggestion
# exp: chek examples/iris.exp
# exit: 2
