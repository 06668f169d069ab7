#!/usr/bin/env python3
"""The PyTorch side of bench/mlp: the same MLP, data, batch size, Adam and
epochs as bench_mlp.cpp, on one thread. Prints the same one-line format
(ms_per_epoch in CPU time of the training thread, like bench_mlp)."""
import argparse
import resource
import time

import numpy as np
import torch

torch.set_num_threads(1)


def load_digits(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    return raw[:, :64] / 16.0, raw[:, 64].astype(np.int64)


def synthetic(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((50000, 128), dtype=np.float32)
    m = rng.standard_normal((128, 10), dtype=np.float32)
    return x, np.argmax(x @ m, axis=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="digits")
    ap.add_argument("--epochs", type=int, default=-1)
    ap.add_argument("--csv", default="stdlib/data/digits.csv")
    a = ap.parse_args()
    small = a.data == "digits"
    x, y = load_digits(a.csv) if small else synthetic(1)
    sizes = [64, 64, 10] if small else [128, 512, 512, 10]
    batch = 32 if small else 256
    epochs = a.epochs if a.epochs > 0 else (20 if small else 3)
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
    total, wall, final = 0.0, 0.0, 0.0
    for e in range(epochs):
        order = torch.randperm(len(X), generator=g)
        t0, c0 = time.perf_counter(), time.thread_time()
        loss_sum, batches = 0.0, 0
        for b in range(0, len(X), batch):
            idx = order[b:b + batch]
            xb, yb = X[idx], Y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            batches += 1
        ms = (time.thread_time() - c0) * 1000
        if e > 0 or epochs == 1:
            total += ms
            wall += (time.perf_counter() - t0) * 1000
        final = loss_sum / batches
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = max(1, epochs - 1)
    print(f"impl=torch data={a.data} epochs={epochs} ms_per_epoch={total / n:.3f} wall_ms_per_epoch={wall / n:.3f} "
          f"final_loss={final:.4f} peak_rss_mb={rss:.1f}")


if __name__ == "__main__":
    main()
