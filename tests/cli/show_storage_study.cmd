# exp show --storage URL --study NAME: one study read from the store (no run folder)
# setup: run examples/branin.exp -q --trials 6 --storage sqlite://{out}/s.db --out {out}/r
# exp: show --storage sqlite://{out}/s.db --study blackbox --top 3
# mask: floats
# mask: columns
# exit: 0
