# the fish completion script, generated from the command table
# exp: completion fish
# exit: 0
