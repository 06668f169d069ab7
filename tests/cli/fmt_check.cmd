# --check lists the files not formatted and exits 1
# exp: fmt --check examples/iris.exp examples/quickstart.exp
# exit: 1
