# run without its FILE
# exp: run
# exit: 2
