# the console report of a tuned classifier, from a report.json fixture
# exp: show tests/cli/fixtures/iris
# exit: 0
