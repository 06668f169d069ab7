# one run as JSON
# exp: runs tests/cli/fixtures/runs --filter model=linear --json
# exit: 0
