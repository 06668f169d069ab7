# reports without script.exp copies: the hashes say whether the text changed
# exp: diff tests/cli/fixtures/iris tests/cli/fixtures/runs/iris_b/report.json
# exit: 0
