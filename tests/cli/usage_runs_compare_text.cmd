# < compares numbers only
# exp: runs tests/cli/fixtures/runs --filter model<mlp
# exit: 2
