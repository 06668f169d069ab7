"""What the PyTorch sides of bench/models share: the exported splits read
as float32 features and class labels, one timed training loop (one thread,
Adam, shuffled batches) that prints the line run.py parses (epoch_ms is the
median wall time of epochs 2..N, cpu_epoch_ms the thread's CPU time, and
the test accuracy on the exported test split), exp's initializers, and
std.models' transformer_block written out."""
import argparse
import math
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


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=15)
    return ap.parse_args()


# exp's initializers (runtime/init, runtime/graph/builder_build.cpp): a
# tensor [.., a, b] has fan-in = the product of all axes but the last (its
# rows) and, for rank ≥ 3, fan-out = the product of the leading axes times b
# — so [heads, D, head_dim] has fan-in heads·D, not torch's D·head_dim.
def exp_fans(shape):
    rows = math.prod(shape[:-1]) if len(shape) > 1 else 1
    fan_out = rows // shape[-2] * shape[-1] if len(shape) >= 3 else shape[-1]
    return max(rows, 1), fan_out


def glorot(*shape):
    fan_in, fan_out = exp_fans(shape)
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return torch.nn.Parameter(torch.empty(*shape).uniform_(-a, a))


def he(*shape):
    return torch.nn.Parameter(torch.randn(*shape) * math.sqrt(2.0 / exp_fans(shape)[0]))


def zeros(*shape):
    return torch.nn.Parameter(torch.zeros(*shape))


class TransformerBlock(torch.nn.Module):
    """std.models' transformer_block (pre-norm), the same parameters and
    arithmetic: x [B, T, D] → h = x + Σ_heads(attention(LN(x)·Wq, LN(x)·Wk,
    LN(x)·Wv)·Wo) + bo → h + FF(LN(h)), FF = relu(·W1 + b1)·W2 + b2;
    attention is scaled dot-product softmax per head."""

    def __init__(self, d, heads, head_dim, hidden):
        super().__init__()
        self.scale = 1.0 / math.sqrt(head_dim)
        self.ln1, self.ln2 = torch.nn.LayerNorm(d), torch.nn.LayerNorm(d)
        self.Wq, self.Wk, self.Wv = (glorot(heads, d, head_dim) for _ in range(3))
        self.Wo, self.bo = glorot(heads, head_dim, d), zeros(d)
        self.W1, self.b1 = he(d, hidden), zeros(hidden)
        self.W2, self.b2 = glorot(hidden, d), zeros(d)

    def forward(self, x):
        n = self.ln1(x).unsqueeze(1)                                     # [B, 1, T, D]
        q, k, v = n @ self.Wq, n @ self.Wk, n @ self.Wv                  # [B, H, T, HD]
        a = torch.softmax(q @ k.transpose(-1, -2) * self.scale, -1) @ v
        h = x + (a @ self.Wo).sum(1) + self.bo                           # [B, T, D]
        return h + torch.relu(self.ln2(h) @ self.W1 + self.b1) @ self.W2 + self.b2
