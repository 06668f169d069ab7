# `exp help` knows std.models' models: their declaration, the import, and their doc comment
# exp: help mlp
# exit: 0
