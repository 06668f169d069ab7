#!/usr/bin/python3
"""Regression targets in their own units: exp vs scikit-learn's LinearRegression.

    bench/accuracy/regression.py --exp build/cli/exp

Two cases, each a linear model trained by exp with adam at an ordinary
learning rate, and LinearRegression fitted by scikit-learn on exactly the rows
exp trained on (`exp run --export-splits`; targets exported in their units):
  diabetes   the shipped data set, `standardize`, adam(0.05), 300 epochs
  houses     a generated house-price table (prices ~1e5–1e6), `standardize`,
             adam(0.01), 60 epochs — the same rows as
             tests/runtime/run/test_run_regression_targets.cpp
Prints test r2 and rmse side by side (docs/data.md quotes them).
"""
import argparse, csv, json, os, subprocess, sys, tempfile

SCRIPT = """seed 3
{data}
split d {{ train: 0.7, val: 0.15, test: 0.15 }}
standardize d
model linreg(x: [F]) -> [T] {{
  param W: [F, T] ~ zeros
  param b: [T] ~ zeros
  return x @ W + b
}}
train linreg on d {{
  loss      = mse(linreg(x), y)
  optimizer = adam({lr})
  epochs    = {epochs}
  batch     = 32
}}
"""
CASES = {
    "diabetes": ("data d = diabetes", 0.05, 300),
    "houses": ('data d = csv("houses.csv", target: "price")', 0.01, 60),
}


def houses_csv(rows, seed=12345):
    """The generator of the C++ test, step for step (a 64-bit LCG)."""
    state = seed
    mask = (1 << 64) - 1

    def uniform():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        return (state >> 11) / float(1 << 53)

    lines = ["area,rooms,age,price"]
    for _ in range(rows):
        area, rooms, age = 40 + 260 * uniform(), float(int(1 + 6 * uniform())), 80 * uniform()
        noise = (uniform() + uniform() + uniform() - 1.5) * 40000
        price = 150000 + 2000 * area + 25000 * rooms - 1500 * age + noise
        lines.append(f"{area:.1f},{int(rooms)},{age:.1f},{price:.0f}")
    return "\n".join(lines) + "\n"


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return [[float(v) for v in r[:-1]] for r in rows[1:]], [float(r[-1]) for r in rows[1:]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--write-houses", metavar="CSV", help="only write the house table (600 rows) and exit")
    a = ap.parse_args()
    if a.write_houses:
        with open(a.write_houses, "w") as f:
            f.write(houses_csv(600))
        return
    from sklearn.linear_model import LinearRegression
    from sklearn.metrics import mean_squared_error, r2_score
    print(f"{'case':<10} {'exp r2':>8} {'sklearn r2':>11} {'exp rmse':>10} {'sklearn rmse':>13}")
    for case, (data, lr, epochs) in CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "houses.csv"), "w") as f:
                f.write(houses_csv(600))
            script = os.path.join(tmp, f"{case}.exp")
            with open(script, "w") as f:
                f.write(SCRIPT.format(data=data, lr=lr, epochs=epochs))
            splits = os.path.join(tmp, "splits")
            subprocess.run([a.exp, "run", "--quiet", "--out", os.path.join(tmp, "run"), "--export-splits", splits,
                            script], check=True)
            with open(os.path.join(tmp, "run", "report.json")) as f:
                test = json.load(f)["metrics"]["test"]
            Xtr, ytr = load(os.path.join(splits, "d.train.csv"))
            Xte, yte = load(os.path.join(splits, "d.test.csv"))
            pred = LinearRegression().fit(Xtr, ytr).predict(Xte)
            sk_r2, sk_rmse = r2_score(yte, pred), mean_squared_error(yte, pred) ** 0.5
            print(f"{case:<10} {test['r2']:>8.4f} {sk_r2:>11.4f} {test['rmse']:>10.4g} {sk_rmse:>13.4g}")


if __name__ == "__main__":
    sys.exit(main())
