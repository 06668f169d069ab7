# max(a, b) on numbers is the scalar max, not the one-tensor reduction (was E0206)
# exp: run --out {out} tests/cli/fixtures/scalar_math.exp
# exit: 0
