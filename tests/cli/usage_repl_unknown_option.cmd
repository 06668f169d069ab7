# an unknown option of repl
# exp: repl --bogus
# exit: 2
