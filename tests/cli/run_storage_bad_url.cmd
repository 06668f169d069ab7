# a storage URL that is neither postgresql:// nor sqlite:// is refused before anything runs
# exp: run examples/branin.exp --storage mysql://db/exp -q
# exit: 2
