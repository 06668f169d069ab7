# repl --help: options, examples and the :commands
# exp: repl --help
# exit: 0
