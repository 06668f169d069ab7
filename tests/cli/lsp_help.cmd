# exp lsp --help
# exp: lsp --help
# exit: 0
