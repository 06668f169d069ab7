# black-box tuning: no parameters, lowest objective first
# exp: show tests/cli/fixtures/blackbox --top 3
# exit: 0
