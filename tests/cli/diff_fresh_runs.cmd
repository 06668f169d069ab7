# two fresh runs of one script with different seeds
# setup: run --quiet --out {out}/a examples/quickstart.exp
# setup: run --quiet --seed 5 --out {out}/b examples/quickstart.exp
# exp: diff {out}/a {out}/b
# mask: floats
# mask: columns
# exit: 0
