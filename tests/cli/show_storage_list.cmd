# exp show --storage lists the studies a store holds; with --study NAME of a
# script with two tuned blocks, each block is a study of its own, NAME.<block>
# setup: run tests/cli/fixtures/two_studies.exp -q --storage sqlite://{out}/s.db --study exp1 --out {out}/r
# exp: show --storage sqlite://{out}/s.db
# mask: floats
# mask: columns
# exit: 0
