# an unscaled regression target far larger than adam's steps is warned about (W0901)
# exp: run --quiet --out {out} tests/cli/fixtures/houses/unscaled.exp
# exit: 0
