"""The peers' side of bench/throughput: the same searches in scikit-learn and
Optuna, on the exact rows exp trained and tested on (exported by
`exp run --export-splits`). Each function returns (wall seconds, test accuracy)."""
import time, warnings

import numpy as np


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    if data.size == 0:
        return np.empty((0, 0)), np.empty((0,), dtype=int)
    return data[:, :-1], data[:, -1].astype(int)


def _quiet():
    from sklearn.exceptions import ConvergenceWarning
    warnings.filterwarnings("ignore", category=ConvergenceWarning)


def mlp(hidden, lr, alpha, seed):
    from sklearn.neural_network import MLPClassifier
    return MLPClassifier(hidden_layer_sizes=(hidden,), learning_rate_init=lr, alpha=alpha, batch_size=32,
                         max_iter=30, solver="adam", random_state=seed)


def sklearn_mlp_search(train, val, test, n_jobs=1):
    """RandomizedSearchCV: 20 candidates x 3 folds on train+val, refit, test."""
    from scipy.stats import loguniform
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.neural_network import MLPClassifier
    _quiet()
    X = np.vstack([train[0], val[0]]); y = np.concatenate([train[1], val[1]])
    t0 = time.perf_counter()
    search = RandomizedSearchCV(
        MLPClassifier(batch_size=32, max_iter=30, solver="adam", random_state=0),
        {"hidden_layer_sizes": [(32,), (64,), (128,)], "learning_rate_init": loguniform(1e-4, 1e-2),
         "alpha": loguniform(1e-6, 1e-2)},
        n_iter=20, cv=3, random_state=0, n_jobs=n_jobs)
    search.fit(X, y)
    acc = search.score(*test)
    return time.perf_counter() - t0, acc


def optuna_mlp_search(train, val, test, n_jobs=1):
    """Optuna TPE: 30 trials trained on train, scored on val; best refit on train, test."""
    import optuna
    _quiet()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    t0 = time.perf_counter()

    def objective(trial):
        _quiet()  # warnings filters are per thread with n_jobs > 1
        m = mlp(trial.suggest_categorical("hidden", [32, 64, 128]), trial.suggest_float("lr", 1e-4, 1e-2, log=True),
                trial.suggest_float("alpha", 1e-6, 1e-2, log=True), trial.number)
        return m.fit(*train).score(*val)

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=0))
    study.optimize(objective, n_trials=30, n_jobs=n_jobs)
    p = study.best_params
    acc = mlp(p["hidden"], p["lr"], p["alpha"], 0).fit(*train).score(*test)
    return time.perf_counter() - t0, acc


def sklearn_logreg_search(train, test, n_jobs=1):
    """RandomizedSearchCV over LogisticRegression's C: 50 candidates x 5 folds, refit, test."""
    from scipy.stats import loguniform
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import RandomizedSearchCV
    _quiet()
    t0 = time.perf_counter()
    search = RandomizedSearchCV(LogisticRegression(max_iter=1000), {"C": loguniform(1e-3, 1e2)},
                                n_iter=50, cv=5, random_state=0, n_jobs=n_jobs)
    search.fit(*train)
    acc = search.score(*test)
    return time.perf_counter() - t0, acc
