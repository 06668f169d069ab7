# a filter no run passes
# exp: runs tests/cli/fixtures/runs --filter seed=1
# exit: 0
