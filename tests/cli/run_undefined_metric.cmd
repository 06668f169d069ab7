# a metric asked for that is not defined on a part (auc of one class) shows as — with a note, and is null in report.json, not dropped
# exp: run --out {out} tests/cli/fixtures/undefined_metric.exp
# mask: floats
# exit: 0
