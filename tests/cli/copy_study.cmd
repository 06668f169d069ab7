# exp copy-study exports a study to another store (a plain path is an SQLite file)
# setup: run examples/branin.exp -q --trials 5 --storage sqlite://{out}/s.db --out {out}/r
# exp: copy-study {out}/s.db {out}/copy.db --study blackbox
# exit: 0
