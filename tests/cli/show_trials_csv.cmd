# a file of the run folder that is not the report: say what exp show reads
# exp: show tests/cli/fixtures/iris/trials.csv
# exit: 2
