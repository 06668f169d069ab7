# --set of a hyper the script does not declare: the hypers it has
# exp: run --quiet --out {out} --set nosuch=1 examples/quickstart.exp
# exit: 2
