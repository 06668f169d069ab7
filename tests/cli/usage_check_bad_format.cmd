# --format is text or json
# exp: check --format xml examples/iris.exp
# exit: 2
