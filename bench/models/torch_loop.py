"""What the PyTorch sides of bench/models share: the exported splits read
as float32 features and class labels, and one timed training loop (one
thread, Adam, shuffled batches) that prints the line run.py parses:
epoch_ms is the median wall time of epochs 2..N, cpu_epoch_ms the thread's
CPU time, and the test accuracy on the exported test split."""
import statistics
import time

import numpy as np
import torch

torch.set_num_threads(1)


def load_split(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2)
    return raw[:, :-1].copy(), raw[:, -1].astype(np.int64)


def train_and_report(model, a, lr, shape=None):
    """Trains `model` on a.train for a.epochs in batches of a.batch; `shape`
    is what one row is reshaped to (an image: (1, 8, 8)); None keeps rows flat."""
    rows = (lambda v: v.reshape(-1, *shape)) if shape else (lambda v: v)
    x, y = load_split(a.train)
    xt, yt = load_split(a.test)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    X, Y = rows(torch.from_numpy(x)), torch.from_numpy(y)
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
        predicted = model(rows(torch.from_numpy(xt))).argmax(1)
        acc = (predicted == torch.from_numpy(yt)).float().mean().item()
    tail = (lambda v: v[1:] if len(v) > 1 else v)
    print(f"impl=torch rows={len(X)} epochs={a.epochs} epoch_ms={statistics.median(tail(wall)):.3f} "
          f"cpu_epoch_ms={statistics.median(tail(cpu)):.3f} test_accuracy={acc:.4f}")
