# a copy never overwrites a study of the same name in the target
# setup: run examples/branin.exp -q --trials 2 --storage sqlite://{out}/s.db --out {out}/r
# setup: copy-study {out}/s.db {out}/copy.db --study blackbox
# exp: copy-study {out}/s.db {out}/copy.db --study blackbox
# exit: 2
