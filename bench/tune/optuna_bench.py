#!/usr/bin/env python3
"""Optuna's side of the tuning benchmarks (Debian python3-optuna).

    optuna_bench.py efficiency [trials=50] [seeds=20 | first:count] [tpe|random ...]
    optuna_bench.py overhead [trials=1000] [tpe|random] [storage URL, e.g. sqlite:///x.db]

The functions and spaces are the same as bench/tune/functions.h.
"""
import math
import statistics
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    return (x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(t):
    x = [t.suggest_float(f"x{i + 1}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def mixed(t):
    c = t.suggest_categorical("c", ["a", "b", "c", "d"])
    k = t.suggest_int("k", 0, 10)
    x = [t.suggest_float(f"x{i + 1}", -2, 2) for i in range(3)]
    r = sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(2))
    return r / 100 + {"a": 0.0, "b": 0.5, "c": 1.0, "d": 1.5}[c] + 0.1 * abs(k - 3)


PROBLEMS = [("branin", branin, 0.397887), ("hartmann6", hartmann6, -3.32237), ("mixed", mixed, 0.0)]


def efficiency(trials, seeds, which):
    print(f"sample efficiency: median best-found regret after {trials} trials over {len(seeds)} seeds (Optuna {optuna.__version__})")
    print(f"{'sampler':<22} {'branin':>10} {'hartmann6':>10} {'mixed':>10}")
    samplers = {"tpe": ("optuna tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                "random": ("optuna random", lambda s: optuna.samplers.RandomSampler(seed=s))}
    for label, make in (samplers[w] for w in which):
        row = []
        for _, f, minimum in PROBLEMS:
            regrets = []
            for s in seeds:
                study = optuna.create_study(sampler=make(s))
                study.optimize(f, n_trials=trials)
                regrets.append(study.best_value - minimum)
            row.append(statistics.median(regrets))
        print(f"{label:<22}" + "".join(f" {r:10.3f}" for r in row), flush=True)


def overhead(trials, method="tpe", storage=None):
    """CPU ms per trial by block of trials/10 (at least 100), like tune_bench overhead."""
    def trivial(t):
        return sum(t.suggest_float(n, -1, 1) ** 2 for n in "abcde")

    sampler = optuna.samplers.TPESampler(seed=1) if method == "tpe" else optuna.samplers.RandomSampler(seed=1)
    stamps = []
    c0 = time.process_time()
    t0 = time.perf_counter()
    study = optuna.create_study(sampler=sampler, storage=storage)
    study.optimize(trivial, n_trials=trials, callbacks=[lambda s, t: stamps.append(time.process_time() - c0)])
    wall = time.perf_counter() - t0
    cpu = stamps[-1]
    label = "optuna, " + ("in-memory storage" if storage is None else storage.split(":")[0] + " storage")
    print(f"{label:<28} {trials} {method} trials in {cpu:.3f} s CPU, {wall:.3f} s wall "
          f"({1000 * cpu / trials:.2f} ms CPU/trial)")
    block = max(100, trials // 10)
    blocks = [1000 * (stamps[b + block - 1] - (stamps[b - 1] if b else 0)) / block
              for b in range(0, len(stamps) - block + 1, block)]
    print(f"  CPU ms per trial by block of {block}: " + " ".join(f"{x:.3f}" for x in blocks))
    if len(blocks) >= 10:
        print(f"  last block / first block: {blocks[-1] / blocks[0]:.2f}x")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "efficiency"
    if what == "efficiency":
        first, _, count = (sys.argv[3] if len(sys.argv) > 3 else "20").rpartition(":")
        seeds = range(int(first or 0), int(first or 0) + int(count))
        efficiency(int(sys.argv[2]) if len(sys.argv) > 2 else 50, seeds, sys.argv[4:] or ["tpe", "random"])
    elif what == "overhead":
        overhead(int(sys.argv[2]) if len(sys.argv) > 2 else 1000, sys.argv[3] if len(sys.argv) > 3 else "tpe",
                 sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sys.exit("usage: optuna_bench.py efficiency [trials] [seeds | first:count] [tpe|random ...] | overhead [trials] [tpe|random] [storage]")
