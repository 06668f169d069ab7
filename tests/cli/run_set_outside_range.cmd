# --set outside a range: a negative layer width for int(8, 32, step: 8)
# exp: run --quiet --out {out} --set hidden=-4 examples/conditional.exp
# exit: 2
