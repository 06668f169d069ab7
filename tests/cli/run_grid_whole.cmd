# a grid smaller than the trial budget runs every point; the summary says "the whole grid", not a budget it never reached
# exp: run --trials 5 --parallel 1 --out {out} examples/blocks.exp
# mask: floats
# exit: 0
