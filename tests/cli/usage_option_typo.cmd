# a misspelt option gets a suggestion
# exp: run --trails 3 examples/iris.exp
# exit: 2
