#!/usr/bin/env python3
"""Optuna's side of bench/distributed/run.sh: one TPE study of Branin (the
objective of examples/branin.exp) run by N processes sharing Optuna's RDB
storage on the same PostgreSQL server (Debian python3-optuna,
python3-psycopg2; scripts/setup.sh --bench).

    optuna_rdb.py SQLALCHEMY_URL STUDY TRIALS PROCESSES

Prints the wall seconds for the whole budget. Each process stops once the
study holds TRIALS finished trials (MaxTrialsCallback), Optuna's way of
sharing one budget; a few trials past it may still finish.
"""
import math
import multiprocessing
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    return (x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6) ** 2 \
        + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def worker(url, name, trials, seed):
    study = optuna.load_study(study_name=name, storage=url, sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(branin, n_trials=trials,
                   callbacks=[optuna.study.MaxTrialsCallback(trials, states=(optuna.trial.TrialState.COMPLETE,))])


def main():
    url, name, trials, processes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    optuna.create_study(study_name=name, storage=url, direction="minimize")
    t0 = time.perf_counter()
    procs = [multiprocessing.Process(target=worker, args=(url, name, trials, i)) for i in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    seconds = time.perf_counter() - t0
    done = len(optuna.load_study(study_name=name, storage=url).get_trials(deepcopy=False))
    print(f"{seconds:.3f} {done}")


if __name__ == "__main__":
    main()
