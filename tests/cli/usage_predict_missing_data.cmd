# predict needs MODEL and DATA
# exp: predict tests/cli/fixtures/models/not_a_model.expm
# exit: 2
