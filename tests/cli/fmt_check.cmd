# --check lists the files not formatted and exits 1 (the examples are formatted; the fixture is not)
# exp: fmt --check examples/iris.exp tests/cli/fixtures/unformatted.exp
# exit: 1
