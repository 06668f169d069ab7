# the zsh completion script, generated from the command table
# exp: completion zsh
# exit: 0
