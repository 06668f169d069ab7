# runs filtered by text and by a number
# exp: runs tests/cli/fixtures/runs --filter script=examples/iris.exp --filter test.accuracy>=0.95
# exit: 0
