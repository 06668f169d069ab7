# the run folders under a folder, one unreadable (a warning, skipped)
# exp: runs tests/cli/fixtures/runs
# exit: 0
