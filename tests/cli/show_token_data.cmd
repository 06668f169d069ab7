# show names what an example of token data is: ids per example and the vocabulary, not "features"
# setup: run --quiet --out {out} examples/sequences.exp
# exp: show {out}
# mask: floats
# exit: 0
