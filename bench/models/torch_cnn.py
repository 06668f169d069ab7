#!/usr/bin/env python3
"""The PyTorch side of bench/models: the same CNN (conv 3×3×16 → relu → conv
3×3×32 → relu → 2×2 max pool → dense 10, channels last in exp, NCHW here)
with exp's initializers (he normal filters with fan-in 3·3·c, a glorot dense
layer, zero biases), rows (exp's exported train split), batch 64,
Adam(0.001) and epochs as `exp run bench/models/cnn.exp`, on one thread.
Prints one line (torch_loop.py, which both PyTorch sides share)."""
import torch

from torch_loop import parse_args, train_and_report


def main():
    a = parse_args()
    torch.manual_seed(42)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(128, 10))
    for layer in model:
        if isinstance(layer, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")  # fan-in = in·kh·kw, as exp's he
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
        if isinstance(layer, (torch.nn.Conv2d, torch.nn.Linear)):
            torch.nn.init.zeros_(layer.bias)
    train_and_report(model, a, lr=1e-3, shape=(1, 8, 8))


if __name__ == "__main__":
    main()
