#!/usr/bin/env python3
"""bench/models: `exp run bench/models/CASE.exp` against the same model in
PyTorch (torch_CASE.py) on one thread and, for the CNN, a hand-written
im2col + Eigen loop (bench_cnn, bench/models/bench_cnn.cpp), on the rows exp
trains on, interleaved; prints ms per epoch (median of epochs 2..N; wall |
thread CPU), test accuracy and the ratios of exp run to each baseline.
CASE: cnn (conv, pool), transformer (one small block on the digits' rows),
encoder (issue 12's transformer target: 2 layers, d 64, 4 heads, T 32, on
the generated token_sum task).
Usage: /usr/bin/python3 bench/models/run.py --exp build/cli/exp [--case cnn] [--reps 3] [--epochs N]
       [--lean build/bench/models/bench_cnn]
(bench_cnn is built with -DEXP_BENCH=ON: `cmake --build build --target bench_cnn`;
PyTorch runs under /usr/bin/python3: Debian's python3-torch, scripts/setup.sh --bench.)"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# case → (what it is, whether a lean C++ loop exists for it)
CASES = {"cnn": ("digits 8x8x1 CNN", True),
         "transformer": ("digits as 8 rows of 8, one transformer block (2 heads)", False),
         "encoder": ("token_sum, 2-layer transformer encoder (d 64, 4 heads, T 32)", False)}


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout


def tail(v):
    return v[1:] if len(v) > 1 else v


def fields(line):
    f = dict(kv.split("=") for kv in line.split())
    return {"wall": float(f["epoch_ms"]), "cpu": float(f["cpu_epoch_ms"]), "acc": float(f["test_accuracy"])}


def exp_run(exp, script, epochs, out):
    run([exp, "run", script, "--set", f"epochs={epochs}", "--out", out, "--force", "-q"])
    with open(os.path.join(out, "report.json")) as f:
        rep = json.load(f)
    h = rep["models"][0]["history"] if "models" in rep else rep["history"]
    metrics = rep["models"][0]["metrics"] if "models" in rep else rep["metrics"]
    return {"wall": statistics.median(tail([e["epoch_seconds"] * 1000 for e in h])),
            "cpu": statistics.median(tail([e["epoch_cpu_seconds"] * 1000 for e in h])),
            "acc": metrics["test"]["accuracy"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--lean", help="bench_cnn (default: next to --exp's build tree)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--epochs", type=int, help="default: the case script's (cnn, transformer 15; encoder 5)")
    ap.add_argument("--case", choices=sorted(CASES), default="cnn")
    a = ap.parse_args()
    a.epochs = a.epochs or (5 if a.case == "encoder" else 15)
    what, has_lean = CASES[a.case]
    lean = None
    if has_lean:
        lean = a.lean or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(a.exp))), "bench", "models",
                                      "bench_cnn")
        if not os.path.exists(lean):
            sys.exit(f"no {lean}: configure with -DEXP_BENCH=ON and build the bench_cnn target (or pass --lean)")
    script = os.path.join(HERE, f"{a.case}.exp")
    work = tempfile.mkdtemp(prefix=f"exp-bench-{a.case}-")
    splits = os.path.join(work, "splits")
    run([a.exp, "run", script, "--set", "epochs=1", "--out", os.path.join(work, "export"), "--force", "-q",
         "--export-splits", splits])
    train, = glob.glob(os.path.join(splits, "*.train.csv"))
    test, = glob.glob(os.path.join(splits, "*.test.csv"))
    data = ["--train", train, "--test", test, "--epochs", str(a.epochs)]
    res = {"exp run": [], **({"lean": []} if lean else {}), "torch": []}
    print(f"load average before: {open('/proc/loadavg').read().split()[0]}")
    for _ in range(a.reps):
        res["exp run"].append(exp_run(a.exp, script, a.epochs, os.path.join(work, "run")))
        if lean:
            res["lean"].append(fields(run([lean, *data])))
        res["torch"].append(fields(run(["/usr/bin/python3", os.path.join(HERE, f"torch_{a.case}.py"), *data])))
    print(f"load average after: {open('/proc/loadavg').read().split()[0]}")
    med = {i: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "acc")} for i, rs in res.items()}
    print(f"{what}, batch 64, {a.epochs} epochs, median of {a.reps} interleaved runs")
    print(f"  {'impl':8s} {'ms/epoch wall':>14s} | {'thread CPU':>10s}   test accuracy")
    for i, m in med.items():
        print(f"  {i:8s} {m['wall']:14.3f} | {m['cpu']:10.3f}   {m['acc']:.4f}")
    e = med["exp run"]
    for other in [k for k in med if k != "exp run"]:
        o = med[other]
        print(f"  exp run / {other}: {e['wall'] / o['wall']:.3f}x wall, {e['cpu'] / o['cpu']:.3f}x CPU; "
              f"accuracy {e['acc'] - o['acc']:+.4f}")


if __name__ == "__main__":
    main()
