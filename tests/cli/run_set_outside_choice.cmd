# --set with a value outside the hyper's choice(...): refused before anything runs, with the declaration
# exp: run --quiet --out {out} --set act=swish examples/iris.exp
# exit: 2
