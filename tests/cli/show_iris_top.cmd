# --top 2 keeps the two best trials
# exp: show --top 2 tests/cli/fixtures/iris
# exit: 0
