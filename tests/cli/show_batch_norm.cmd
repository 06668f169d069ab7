# the console report of a model with batch_norm: its running statistics listed as state, apart from the learned parameters
# exp: show tests/cli/fixtures/batch_norm
# exit: 0
