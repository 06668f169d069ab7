# a data error only the load finds (evaluate on a file lacking a training column) refuses the run before any training,
# and leaves no run folder: the same --out runs afterwards (tests/runtime/run/test_reliability.cpp holds the folder's absence)
# exp: run --out {out}/r tests/cli/fixtures/evaluate_missing_column.exp
# exit: 2
