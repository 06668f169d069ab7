#!/usr/bin/env python3
"""bench/mlp: `exp run` on .exp scripts against a lean hand-written Eigen loop,
exp's Executable driven directly, and PyTorch (one thread), on the exact rows
exp trained on. Interleaved: every repetition runs each implementation once
per case, in turn, so a burst of load hits all of them alike. Prints each
run's line, then per case the medians over repetitions and the ratios.

Per-epoch time is the median over epochs 2..N of one run (epoch 1 warms up):
for `exp run` report.json's history `epoch_seconds` (wall) and
`epoch_cpu_seconds` (the training thread's CPU time), for the others the same
spans measured in-process. On a loaded machine wall time includes waiting for
a core; the CPU-time ratio is the steadier one.

Usage (run.sh builds first): run.py --exp EXP --bench BENCH_MLP [--reps R]
       [--cases digits,large] [--large-epochs N] [--small-epochs N] [--no-torch]
       [--blas-exp EXP --blas-bench BENCH_MLP]   (a -DEXP_BLAS=openblas build's
       exp and bench_mlp: adds "exp run+blas" and "lean+blas" to every round)
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = {
    # name: (script, data name, hidden widths, batch, default epochs)
    "digits": ("digits.exp", "digits", "64", 32, 20),
    "large": ("large.exp", "big", "512,512", 256, 3),
}
IMPLS = ["exp run", "exe", "lean", "torch"]


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout


def tail(v):
    return v[1:] if len(v) > 1 else v


def exp_run(exp, script, epochs, out, env):
    run([exp, "run", script, "--set", f"epochs={epochs}", "--out", out, "--force", "-q"], env)
    with open(os.path.join(out, "report.json")) as f:
        history = json.load(f)["history"]
    wall = [e["epoch_seconds"] * 1000 for e in history]
    cpu = [e["epoch_cpu_seconds"] * 1000 for e in history]
    return {"epoch_ms": statistics.median(tail(wall)), "cpu_epoch_ms": statistics.median(tail(cpu)),
            "line": f"impl=exp-run epochs={len(history)} epoch_ms={statistics.median(tail(wall)):.3f} "
                    f"cpu_epoch_ms={statistics.median(tail(cpu)):.3f} final_loss={history[-1]['train_loss']:.4f}"}


def parse_line(line):
    fields = dict(re.findall(r"(\w+)=(\S+)", line))
    return {"epoch_ms": float(fields["epoch_ms"]), "cpu_epoch_ms": float(fields["cpu_epoch_ms"]), "line": line.strip()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--bench", required=True, help="bench_mlp")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cases", default="digits,large")
    ap.add_argument("--small-epochs", type=int, default=CASES["digits"][4])
    ap.add_argument("--large-epochs", type=int, default=CASES["large"][4])
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--blas-exp", help="exp of a -DEXP_BLAS=openblas build")
    ap.add_argument("--blas-bench", help="bench_mlp of the same build")
    a = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    # OpenBLAS 0.3.21 does not know Zen 5 and falls back to AVX2 kernels;
    # its AVX-512 ones are ~1.7x faster here (docs: PLATFORM notes).
    if "avx512f" in open("/proc/cpuinfo").read() and "OPENBLAS_CORETYPE" not in env:
        env["OPENBLAS_CORETYPE"] = "SkylakeX"
    work = tempfile.mkdtemp(prefix="bench-mlp-")
    splits = os.path.join(work, "splits")
    cases = a.cases.split(",")
    impls = [i for i in IMPLS if not (a.no_torch and i == "torch")]
    if a.blas_exp and a.blas_bench:
        impls[2:2] = ["exp run+blas", "lean+blas"]
    results = {c: {i: [] for i in impls} for c in cases}
    for c in cases:  # the rows every implementation trains on
        script = os.path.join(HERE, CASES[c][0])
        run([a.exp, "run", script, "--set", "epochs=1", "--out", os.path.join(work, "export-" + c), "--force", "-q",
             "--export-splits", splits])
    print(f"load average before: {open('/proc/loadavg').read().split()[0]}")
    for rep in range(a.reps):
        for c in cases:
            script, data, hidden, batch, _ = CASES[c]
            epochs = a.small_epochs if c == "digits" else a.large_epochs
            train = os.path.join(splits, f"{data}.train.csv")
            common = ["--train", train, "--hidden", hidden, "--batch", str(batch), "--epochs", str(epochs)]
            for impl in impls:
                if impl.startswith("exp run"):
                    exe = a.blas_exp if impl.endswith("+blas") else a.exp
                    r = exp_run(exe, os.path.join(HERE, script), epochs, os.path.join(work, f"run-{c}"), env)
                elif impl == "lean+blas":
                    r = parse_line(run([a.blas_bench, "--impl", "lean"] + common, env))
                elif impl == "torch":
                    r = parse_line(run(["/usr/bin/python3", os.path.join(HERE, "torch_mlp.py")] + common, env))
                else:
                    r = parse_line(run([a.bench, "--impl", impl] + common, env))
                results[c][impl].append(r)
                print(f"rep={rep + 1} case={c} [{impl}] {r['line']}", flush=True)
    print(f"load average after: {open('/proc/loadavg').read().split()[0]}")
    print()
    for c in cases:
        med = {i: {k: statistics.median(r[k] for r in results[c][i]) for k in ("epoch_ms", "cpu_epoch_ms")}
               for i in impls}
        print(f"{c}: median over {a.reps} interleaved runs, ms per epoch (wall | thread CPU)")
        for i in impls:
            print(f"  {i:12s} {med[i]['epoch_ms']:10.3f} | {med[i]['cpu_epoch_ms']:10.3f}")
        for num, den in (("exp run", "lean"), ("exe", "lean"), ("exp run", "exe"), ("torch", "lean"),
                         ("exp run+blas", "lean+blas"), ("exp run+blas", "exp run"), ("lean+blas", "lean")):
            if num in med and den in med:
                w = med[num]["epoch_ms"] / med[den]["epoch_ms"]
                cpu = med[num]["cpu_epoch_ms"] / med[den]["cpu_epoch_ms"]
                print(f"  {num} / {den}: {w:.3f}x wall, {cpu:.3f}x CPU")
        print()


if __name__ == "__main__":
    main()
