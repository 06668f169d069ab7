# a value the saved scaling takes past a 32-bit float (1e34 ÷ a training spread of ~3e-6) is an error, not a prediction
# setup: run --quiet --out {out} tests/cli/fixtures/narrow/narrow.exp
# exp: predict {out} tests/cli/fixtures/narrow/rows.csv
# exit: 2
