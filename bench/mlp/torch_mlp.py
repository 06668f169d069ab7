#!/usr/bin/env python3
"""The PyTorch side of bench/mlp: the same MLP, rows (exp's exported train
split), batch size, Adam and epochs as `exp run` and bench_mlp, on one thread.
Prints bench_mlp's one-line format: epoch_ms is the median wall time of
epochs 2..N (report.json's epoch_seconds measures the same span),
cpu_epoch_ms the thread's CPU time."""
import argparse
import statistics
import time

import numpy as np
import torch

torch.set_num_threads(1)


def load_split(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    return raw[:, :-1].copy(), raw[:, -1].astype(np.int64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True, help="DATA.train.csv written by exp run --export-splits")
    ap.add_argument("--hidden", default="64", help="hidden widths, comma-separated")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    x, y = load_split(a.train)
    sizes = [x.shape[1]] + [int(h) for h in a.hidden.split(",")] + [int(y.max()) + 1]
    torch.manual_seed(42)
    layers = []
    for k in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[k], sizes[k + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if k + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    g = torch.Generator().manual_seed(42)
    wall, cpu, final = [], [], 0.0
    for _ in range(a.epochs):
        order = torch.randperm(len(X), generator=g)
        t0, c0 = time.perf_counter(), time.thread_time()
        loss_sum, batches = 0.0, 0
        for b in range(0, len(X), a.batch):
            idx = order[b:b + a.batch]
            xb, yb = X[idx], Y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            batches += 1
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
        final = loss_sum / batches
    tail = (lambda v: v[1:] if len(v) > 1 else v)
    print(f"impl=torch rows={len(X)} epochs={a.epochs} epoch_ms={statistics.median(tail(wall)):.3f} "
          f"cpu_epoch_ms={statistics.median(tail(cpu)):.3f} final_loss={final:.4f} "
          f"blas={loaded_blas()}")


def loaded_blas():
    """Which BLAS the process mapped: Debian's torch uses whatever libblas.so.3
    the alternatives point at (the reference BLAS is ~15x slower)."""
    with open("/proc/self/maps") as f:
        maps = f.read()
    for name in ("openblas", "blis", "mkl", "atlas"):
        if name in maps:
            return name
    return "reference"



if __name__ == "__main__":
    main()
