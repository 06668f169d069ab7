# the console report of exp run on the quickstart (trained values vary by build: masked)
# exp: run --out {out} examples/quickstart.exp
# mask: floats
# exit: 0
