# exp check accepts tests/diagnostics/clean_optimizer_options.exp (the built-in registry's options), and exp run agrees
# exp: run --quiet --out {out} tests/diagnostics/clean_optimizer_options.exp
# exit: 0
