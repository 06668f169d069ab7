# show re-prints the report of a run made by this test (trained values vary by build: masked)
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: show {out}
# mask: floats
# exit: 0
