# --resume with --storage: the store holds no such study (E0908, with the storage's help)
# exp: run examples/branin.exp -q --storage sqlite://{out}/s.db --resume --out {out}/r
# exit: 2
