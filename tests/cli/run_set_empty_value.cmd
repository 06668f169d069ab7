# --set with nothing after =
# exp: run --quiet --out {out} --set lr= examples/quickstart.exp
# exit: 2
