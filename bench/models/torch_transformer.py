#!/usr/bin/env python3
"""The PyTorch side of bench/models' transformer: the 8×8 digits as 8 rows
of 8 pixels, each row embedded to 16 plus a position table, one
std.models transformer_block (2 heads of 8, a feed-forward layer of 32;
torch_loop.TransformerBlock), the mean over positions and a dense
read-out — the parameters, initializers and arithmetic of
bench/models/transformer.exp; the rows of exp's exported splits, batch 64,
Adam(0.002), one thread. Prints one line (torch_loop.py)."""
import torch

from torch_loop import TransformerBlock, glorot, parse_args, train_and_report, zeros

T, P, D, C = 8, 8, 16, 10


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed, self.position = glorot(P, D), torch.nn.Parameter(torch.randn(T, D) * 0.1)
        self.block = TransformerBlock(D, heads=2, head_dim=8, hidden=32)
        self.W, self.b = glorot(D, C), zeros(C)

    def forward(self, x):
        h = self.block(x.reshape(-1, T, P) @ self.embed + self.position)  # [B, T, D]
        return h.mean(1) @ self.W + self.b


def main():
    a = parse_args()
    torch.manual_seed(42)
    train_and_report(Net(), a, lr=2e-3)


if __name__ == "__main__":
    main()
