# --resume needs the run folder to continue
# exp: run --resume examples/iris.exp
# exit: 2
