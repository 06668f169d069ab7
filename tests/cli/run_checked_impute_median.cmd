# exp check accepts tests/diagnostics/clean_impute_median.exp (the built-in registry's options), and exp run agrees
# exp: run --quiet --out {out} tests/diagnostics/clean_impute_median.exp
# exit: 0
