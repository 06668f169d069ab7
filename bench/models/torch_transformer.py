#!/usr/bin/env python3
"""The PyTorch side of bench/models' transformer: std.models'
transformer_block written out with the same parameters and arithmetic —
x [T=8, D=16] → x + Σ_heads(attention(LN(x)·Wq, LN(x)·Wk, LN(x)·Wv)·Wo) + bo
→ h + FF(LN(h)) — after an 8×8 → 16 row embedding plus a position table,
the mean over positions and a dense read-out; the rows of exp's exported
splits, batch 64, Adam(0.002), one thread. Prints one line (torch_loop.py)."""
import argparse
import math

import torch

from torch_loop import train_and_report

T, P, D, H, HD, FF, C = 8, 8, 16, 2, 8, 32, 10


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        p = torch.nn.Parameter
        glorot = lambda *s: p(torch.nn.init.xavier_uniform_(torch.empty(*s)))
        self.embed, self.position = glorot(P, D), p(torch.randn(T, D) * 0.1)
        self.ln1, self.ln2 = torch.nn.LayerNorm(D), torch.nn.LayerNorm(D)
        self.Wq, self.Wk, self.Wv = (p(torch.nn.init.xavier_uniform_(torch.empty(H, D, HD))) for _ in range(3))
        self.Wo, self.bo = p(torch.nn.init.xavier_uniform_(torch.empty(H, HD, D))), p(torch.zeros(D))
        self.ff1, self.ff2 = torch.nn.Linear(D, FF), torch.nn.Linear(FF, D)
        self.out = torch.nn.Linear(D, C)
        # exp's initializers: feed_forward's W1 ~ he (normal, std √(2/fan_in)),
        # W2 and dense's W ~ glorot (uniform), every bias zeros.
        torch.nn.init.kaiming_normal_(self.ff1.weight, nonlinearity="relu")
        for lin in (self.ff2, self.out):
            torch.nn.init.xavier_uniform_(lin.weight)
        for lin in (self.ff1, self.ff2, self.out):
            torch.nn.init.zeros_(lin.bias)

    def forward(self, x):
        h0 = x.reshape(-1, T, P) @ self.embed + self.position          # [B, T, D]
        n = self.ln1(h0).unsqueeze(1)                                    # [B, 1, T, D]
        q, k, v = n @ self.Wq, n @ self.Wk, n @ self.Wv                  # [B, H, T, HD]
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(HD), -1) @ v
        h = h0 + (a @ self.Wo).sum(1) + self.bo                          # [B, T, D]
        h = h + self.ff2(torch.relu(self.ff1(self.ln2(h))))
        return self.out(h.mean(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=15)
    a = ap.parse_args()
    torch.manual_seed(42)
    train_and_report(Net(), a, lr=2e-3)


if __name__ == "__main__":
    main()
