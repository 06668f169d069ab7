# an --out folder holding an earlier run is refused (E0910), not silently replaced
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: run --quiet --out {out} examples/quickstart.exp
# exit: 2
