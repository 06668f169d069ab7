# show names an image example by its shape, not by its flattened feature count
# setup: run --quiet --out {out} tests/cli/fixtures/bars_image.exp
# exp: show {out}
# mask: floats
# exit: 0
