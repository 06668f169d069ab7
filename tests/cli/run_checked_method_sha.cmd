# exp check accepts tests/diagnostics/clean_method_sha.exp (the built-in registry's options), and exp run agrees
# exp: run --quiet --out {out} tests/diagnostics/clean_method_sha.exp
# exit: 0
