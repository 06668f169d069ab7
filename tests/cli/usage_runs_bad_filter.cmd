# a filter without a comparison
# exp: runs tests/cli/fixtures/runs --filter accuracy
# exit: 2
