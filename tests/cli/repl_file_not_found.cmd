# repl with a script that does not exist stops before the session
# exp: repl nope.exp
# exit: 2
