#!/usr/bin/env python3
"""bench/models: `exp run bench/models/CASE.exp` against the same model in
PyTorch (torch_CASE.py) on one thread, on the rows exp trains on,
interleaved; prints ms per epoch (median of epochs 2..N; wall | thread CPU),
test accuracy and the ratios. CASE: cnn (conv, pool) or transformer
(attention, layer norm, feed-forward).
Usage: /usr/bin/python3 bench/models/run.py --exp build/cli/exp [--case cnn] [--reps 3] [--epochs 15]
(PyTorch runs under /usr/bin/python3: Debian's python3-torch, scripts/setup.sh --bench.)
Not yet here: the hand-written im2col + Eigen loop of issue 12's target."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {"cnn": "digits 8x8x1 CNN", "transformer": "digits as 8 rows of 8, one transformer block (2 heads)"}


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout


def tail(v):
    return v[1:] if len(v) > 1 else v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--case", choices=sorted(CASES), default="cnn")
    a = ap.parse_args()
    script = os.path.join(HERE, f"{a.case}.exp")
    work = tempfile.mkdtemp(prefix="exp-bench-cnn-")
    splits = os.path.join(work, "splits")
    run([a.exp, "run", script, "--set", "epochs=1", "--out", os.path.join(work, "export"), "--force", "-q",
         "--export-splits", splits])
    train, test = os.path.join(splits, "digits.train.csv"), os.path.join(splits, "digits.test.csv")
    res = {"exp run": [], "torch": []}
    print(f"load average before: {open('/proc/loadavg').read().split()[0]}")
    for _ in range(a.reps):
        out = os.path.join(work, "run")
        run([a.exp, "run", script, "--set", f"epochs={a.epochs}", "--out", out, "--force", "-q"])
        with open(os.path.join(out, "report.json")) as f:
            rep = json.load(f)
        h = rep["models"][0]["history"] if "models" in rep else rep["history"]
        metrics = rep["models"][0]["metrics"] if "models" in rep else rep["metrics"]
        res["exp run"].append({"wall": statistics.median(tail([e["epoch_seconds"] * 1000 for e in h])),
                               "cpu": statistics.median(tail([e["epoch_cpu_seconds"] * 1000 for e in h])),
                               "acc": metrics["test"]["accuracy"]})
        line = run(["/usr/bin/python3", os.path.join(HERE, f"torch_{a.case}.py"), "--train", train, "--test", test,
                    "--epochs", str(a.epochs)])
        f = dict(kv.split("=") for kv in line.split())
        res["torch"].append({"wall": float(f["epoch_ms"]), "cpu": float(f["cpu_epoch_ms"]),
                             "acc": float(f["test_accuracy"])})
    print(f"load average after: {open('/proc/loadavg').read().split()[0]}")
    med = {i: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "acc")} for i, rs in res.items()}
    print(f"{CASES[a.case]}, batch 64, {a.epochs} epochs, median of {a.reps} interleaved runs")
    print(f"  {'impl':8s} {'ms/epoch wall':>14s} | {'thread CPU':>10s}   test accuracy")
    for i, m in med.items():
        print(f"  {i:8s} {m['wall']:14.3f} | {m['cpu']:10.3f}   {m['acc']:.4f}")
    e, t = med["exp run"], med["torch"]
    print(f"  exp run / torch: {e['wall'] / t['wall']:.3f}x wall, {e['cpu'] / t['cpu']:.3f}x CPU; "
          f"accuracy {e['acc'] - t['acc']:+.4f}")


if __name__ == "__main__":
    main()
