#!/usr/bin/env python3
"""The PyTorch side of bench/models' encoder (issue 12's transformer
target): 32 token ids embedded to 64 (a table ~ normal(0.1), as
std.models' embedding) plus a position table, two std.models
transformer_blocks (4 heads of 16, a feed-forward layer of 128;
torch_loop.TransformerBlock), the mean over positions and a dense
read-out — the parameters, initializers and arithmetic of
bench/models/encoder.exp; the rows of exp's exported splits, batch 64,
Adam(0.001), one thread. Prints one line (torch_loop.py)."""
import torch

from torch_loop import TransformerBlock, glorot, parse_args, train_and_report, zeros

T, VOCAB, D, HEADS, HEAD_DIM, HIDDEN, C = 32, 16, 64, 4, 16, 128, 2


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.E = torch.nn.Parameter(torch.randn(VOCAB, D) * 0.1)
        self.position = torch.nn.Parameter(torch.randn(T, D) * 0.1)
        self.blocks = torch.nn.Sequential(*(TransformerBlock(D, HEADS, HEAD_DIM, HIDDEN) for _ in range(2)))
        self.W, self.b = glorot(D, C), zeros(C)

    def forward(self, x):
        h = torch.nn.functional.embedding(x.long(), self.E) + self.position  # [B, T, D]
        return self.blocks(h).mean(1) @ self.W + self.b


def main():
    a = parse_args()
    torch.manual_seed(42)
    train_and_report(Net(), a, lr=1e-3)


if __name__ == "__main__":
    main()
