# run takes one script
# exp: run examples/quickstart.exp examples/iris.exp
# exit: 2
