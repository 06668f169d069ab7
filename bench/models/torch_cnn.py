#!/usr/bin/env python3
"""The PyTorch side of bench/models: the same CNN (conv 3×3×16 → relu → conv
3×3×32 → relu → 2×2 max pool → dense 10, channels last in exp, NCHW here),
rows (exp's exported train split), batch 64, Adam(0.001) and epochs as
`exp run bench/models/cnn.exp`, on one thread. Prints one line like
bench/mlp/torch_mlp.py: epoch_ms is the median wall time of epochs 2..N,
cpu_epoch_ms the thread's CPU time, and the test accuracy on the exported
test split."""
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
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=15)
    a = ap.parse_args()
    x, y = load_split(a.train)
    xt, yt = load_split(a.test)
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, Y = torch.from_numpy(x).reshape(-1, 1, 8, 8), torch.from_numpy(y)
    g = torch.Generator().manual_seed(42)
    wall, cpu = [], []
    for _ in range(a.epochs):
        order = torch.randperm(len(X), generator=g)
        t0, c0 = time.perf_counter(), time.thread_time()
        for b in range(0, len(X), a.batch):
            idx = order[b:b + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(X[idx]), Y[idx])
            loss.backward()
            opt.step()
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    with torch.no_grad():
        acc = (model(torch.from_numpy(xt).reshape(-1, 1, 8, 8)).argmax(1) == torch.from_numpy(yt)).float().mean().item()
    tail = (lambda v: v[1:] if len(v) > 1 else v)
    print(f"impl=torch rows={len(X)} epochs={a.epochs} epoch_ms={statistics.median(tail(wall)):.3f} "
          f"cpu_epoch_ms={statistics.median(tail(cpu)):.3f} test_accuracy={acc:.4f}")


if __name__ == "__main__":
    main()
