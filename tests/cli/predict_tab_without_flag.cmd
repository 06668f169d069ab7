# a tab-separated file without --sep: one error whose help names the option to pass, not one per column
# setup: run --quiet --out {out} examples/quickstart.exp
# exp: predict {out} tests/cli/fixtures/iris_rows_tab.tsv
# exit: 2
