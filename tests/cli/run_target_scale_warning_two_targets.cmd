# with several targets, W0901 names the target whose scale is out of reach (price), not the first one listed
# exp: run --quiet --out {out} tests/cli/fixtures/houses/two_targets.exp
# exit: 0
