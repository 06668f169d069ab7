# a script with errors is not run: the diagnostics and exit code 2
# exp: run --out {out} tests/diagnostics/e0101_undefined_name.exp
# exit: 2
