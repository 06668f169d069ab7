#!/usr/bin/python3
"""Reference accuracies on splits exported by `exp run --export-splits DIR`.

Each case trains the network its .exp script describes, the same way:
same rows (the exported, already standardized parts), same architecture,
initialisation (Glorot-uniform weights, zero biases), loss, optimizer,
learning rate, batch size and epochs. Logistic regression is also fitted by
scikit-learn's LogisticRegression with the equivalent L2 strength (C = 1).

    reference.py --splits DIR --case mlp_iris [--seeds 5]
prints one JSON object: {"case", "reference", "accuracy", "min", "max", "seeds"}.
"""
import argparse, csv, json, os, statistics

CASES = {
    # case: (data name, kind, hidden, activation, lr, batch, epochs, l2 decay)
    "logreg_breast_cancer": ("bc", "logreg", 0, None, 0.01, 32, 300, 0.001466),
    "mlp_iris": ("iris", "mlp", 16, "tanh", 0.01, 16, 200, 0.0),
    "mlp_digits": ("digits", "mlp", 64, "relu", 0.001, 32, 30, 0.0),
}


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    X = [[float(v) for v in r[:-1]] for r in rows[1:]]
    y = [int(float(r[-1])) for r in rows[1:]]
    return X, y


def torch_accuracy(case, train, test, seed):
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    _, kind, hidden, act, lr, batch, epochs, decay = CASES[case]
    Xtr, ytr = torch.tensor(train[0]), torch.tensor(train[1])
    Xte, yte = torch.tensor(test[0]), torch.tensor(test[1])
    features, classes = Xtr.shape[1], int(max(max(train[1]), max(test[1]))) + 1
    if kind == "logreg":
        layers = [torch.nn.Linear(features, classes)]
        torch.nn.init.zeros_(layers[0].weight)
    else:
        layers = [torch.nn.Linear(features, hidden), torch.nn.Tanh() if act == "tanh" else torch.nn.ReLU(),
                  torch.nn.Linear(hidden, classes)]
        for layer in (layers[0], layers[2]):
            torch.nn.init.xavier_uniform_(layer.weight)
    for layer in layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.zeros_(layer.bias)
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    weights = [l.weight for l in layers if isinstance(l, torch.nn.Linear)]
    n = Xtr.shape[0]
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            loss = torch.nn.functional.cross_entropy(net(Xtr[idx]), ytr[idx])
            if decay:
                loss = loss + decay * sum((w ** 2).sum() for w in weights)
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return (net(Xte).argmax(1) == yte).float().mean().item()


def sklearn_logreg_accuracy(train, test):
    from sklearn.linear_model import LogisticRegression
    model = LogisticRegression(C=1.0, max_iter=10000).fit(train[0], train[1])
    return float(model.score(test[0], test[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", required=True)
    ap.add_argument("--case", required=True, choices=CASES)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    name = CASES[a.case][0]
    train = load(os.path.join(a.splits, f"{name}.train.csv"))
    test = load(os.path.join(a.splits, f"{name}.test.csv"))
    accs = [torch_accuracy(a.case, train, test, s) for s in range(a.seeds)]
    out = {"case": a.case, "reference": "pytorch", "accuracy": statistics.mean(accs), "min": min(accs),
           "max": max(accs), "seeds": a.seeds}
    if CASES[a.case][1] == "logreg":
        out["sklearn"] = sklearn_logreg_accuracy(train, test)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
