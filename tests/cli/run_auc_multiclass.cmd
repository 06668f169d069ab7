# auc on three classes is computed (one-vs-rest macro AUC), not left out
# exp: run --out {out} tests/cli/fixtures/auc_multiclass.exp
# mask: floats
# exit: 0
