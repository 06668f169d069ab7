# --worker (and --study) name a study shared through --storage
# exp: run --worker examples/branin.exp
# exit: 2
