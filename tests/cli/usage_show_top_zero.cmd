# --top must be at least 1
# exp: show --top 0 tests/cli/fixtures/iris
# exit: 2
