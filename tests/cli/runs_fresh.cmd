# exp runs on folders exp run just wrote
# setup: run --quiet --out {out}/first examples/quickstart.exp
# setup: run --quiet --seed 5 --out {out}/second examples/quickstart.exp
# exp: runs {out} --sort seed
# mask: floats
# mask: columns
# mask: dates
# exit: 0
