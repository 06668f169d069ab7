# --set needs a name before =
# exp: run --set =1 examples/quickstart.exp
# exit: 2
