# a folder without report.json
# exp: show tests/cli
# exit: 2
