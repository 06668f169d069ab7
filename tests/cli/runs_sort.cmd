# runs sorted by a test metric, largest first
# exp: runs tests/cli/fixtures/runs --sort test.accuracy -r
# exit: 0
