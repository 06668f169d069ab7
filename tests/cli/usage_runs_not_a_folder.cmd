# runs of a folder that does not exist
# exp: runs tests/cli/no-such-runs
# exit: 2
