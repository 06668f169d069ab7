# a plain training of a regression model: fixed hypers, no confusion matrix
# exp: show tests/cli/fixtures/diabetes
# exit: 0
