# a study the store does not hold: the error names the ones it does
# setup: run examples/branin.exp -q --trials 2 --storage sqlite://{out}/s.db --out {out}/r
# exp: show --storage sqlite://{out}/s.db --study blackbx
# exit: 2
