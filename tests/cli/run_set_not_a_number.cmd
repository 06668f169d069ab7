# --set of a name where the hyper searches numbers
# exp: run --quiet --out {out} --set lr=abc examples/iris.exp
# exit: 2
