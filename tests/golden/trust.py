#!/usr/bin/env python3
"""The runtime never aborts on a script `exp check` accepted (issue 10).

Every script of the script suites (tests/diagnostics, tests/hostile, examples
— the inputs of the `ir` suite too — and tests/trust), plus a set generated
here (every optimizer × schedule, every tuning method × pruner, cv, losses ×
tasks), is checked with `exp check`; each one it accepts (exit 0, warnings
allowed) is run with a tiny budget (`--trials 2 --parallel 1`) and must end
cleanly, and so must (for the scripts of the folders) an `exp repl` session
that `:load`s it and one that has it typed line by line:

- exit code 0, 1 or 2 — never a signal, an abort (134) or a crash (139);
- no "internal error" text anywhere in its output;
- exit 1 or 2 says why on standard error (a diagnostic `error[...]:` or
  `error:` line);
- every model file a successful run wrote loads in `exp predict` (on the
  run's exported test split): never refused as a model file (E0907).

A run that refuses (exit 2) a script the check accepted is allowed here (it
is a clean refusal) but listed at the end, since `exp check` should have
found it first. Runs write into temporary folders; a `save` statement writes
beside its script, so files a run adds to a script's folder are removed.

    python3 tests/golden/trust.py --exp build/cli/exp --root .  [FILES...]
"""
import argparse, itertools, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import header, generated_input  # one reader of case headers

FOLDERS = ["tests/diagnostics", "tests/hostile", "examples", "tests/trust"]
RUN_ARGS = ["--quiet", "--trials", "2", "--parallel", "1"]
TIMEOUT = 60  # seconds per command; a hang is a failure too
DIAGNOSTIC = re.compile(r"^(.*: )?(error|warning)(\[[EW]\d{4}\])?: ", re.M)

# ── the generated set ───────────────────────────────────────────────────────
# Small scripts over the built-ins' combinations. A combination the checker
# refuses today is skipped (counted), so one it starts accepting is run.
DATA = {
    "classification": "data d = moons(n: 120, noise: 0.2)\nsplit d { train: 0.6, val: 0.2, test: 0.2, stratify: true }",
    "regression": "data d = regression(n: 120, features: 3, noise: 0.5)\nsplit d { train: 0.6, val: 0.2, test: 0.2 }\nstandardize d",
}
OPTIMIZERS = ["sgd(0.1)", "sgd(0.05, momentum: 0.9, nesterov: true)", "adam(0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6)",
              "adamw(0.01, weight_decay: 0.1)", "rmsprop(0.01, rho: 0.8, eps: 1e-7)", "adagrad(0.1, eps: 1e-9)",
              "adam(0.01, weight_decay: 0.01)", "sgd(0.1, weight_decay: 0.01)", "rmsprop(0.01, momentum: 0.9)",
              "adamw(0.01, beta1: 0.8)"]
SCHEDULES = ["", "constant_lr", "step(every: 1, gamma: 0.5)", "cosine(min: 0.001)", "warmup(epochs: 2)"]
METHODS = ["grid", "random", "sobol", "tpe", "asha", "sha", "hyperband"]
PRUNERS = ["", "none", "median(warmup: 1, startup: 1)", "sha(min: 1, max: 4, eta: 2)", "asha(min: 1, eta: 2)",
           "hyperband(min: 1, max: 4, eta: 2)"]
LOSSES = {
    "classification": ["cross_entropy(m(x), y)", "binary_cross_entropy(m(x), y)", "hinge(m(x), y)"],
    "regression": ["mse(m(x), y)", "mae(m(x), y)", "huber(m(x), y, delta: 0.5)"],
}
METRICS = {"classification": "accuracy, precision, recall, f1, confusion, log_loss, auc, loss",
           "regression": "mse, rmse, mae, r2, loss"}

def net(outputs):
    return (f"model m(x: [F]) -> [{outputs}] {{\n  param W: [F, w] ~ he\n  param b: [w] ~ zeros\n"
            f"  param V: [w, {outputs}] ~ glorot\n  return dropout(relu(x @ W + b), rate: 0.1) @ V\n}}")

def script(task, loss, optimizer="adam(0.01)", schedule="", tune="", outputs=None, hypers="hyper w ~ choice(2, 4)"):
    outputs = outputs or ("C" if loss.startswith("cross_entropy") else "1")
    train = [f"loss = {loss}", f"optimizer = {optimizer}", "epochs = 4", "batch = 16"]
    if schedule:
        train.append(f"schedule = {schedule}")
    tune_block = f"tune m {{\n  {tune}\n}}\n" if tune else ""
    return (f"seed 7\n{DATA[task]}\n{hypers}\n{net(outputs)}\ntrain m on d {{\n  " + "\n  ".join(train) + "\n}\n"
            + tune_block + f"report m {{\n  hypers\n  params\n  test: {METRICS[task]}\n}}\n")

def generated():
    """(name, text) of every generated script."""
    for i, (opt, sched) in enumerate(itertools.product(OPTIMIZERS, SCHEDULES)):
        yield f"optim_{i:02}", script("classification", "cross_entropy(m(x), y)", opt, sched, "trials = 2")
    for i, (method, prune) in enumerate(itertools.product(METHODS, PRUNERS)):
        tune = f"method = {method}\n  trials = 3\n  maximize = val.accuracy" + (f"\n  prune = {prune}" if prune else "")
        yield f"tune_{i:02}", script("classification", "cross_entropy(m(x), y)", tune=tune)
    for i, method in enumerate(METHODS):
        tune = f"method = {method}\n  trials = 2\n  cv = 3\n  refit = true\n  maximize = cv.accuracy"
        yield f"cv_{i:02}", script("classification", "cross_entropy(m(x), y)", tune=tune)
    for task, losses in LOSSES.items():
        for i, loss in enumerate(losses):
            yield f"loss_{task}_{i}", script(task, loss, tune="trials = 2")
    # conditional hypers: one read by the optimizer, one as a layer size (inactive in half the trials)
    yield "conditional_lr", script("classification", "cross_entropy(m(x), y)", "adam(lr)", tune="trials = 4",
                                   hypers="hyper w ~ choice(2, 4)\nhyper slow ~ choice(0, 1)\n"
                                          "hyper lr ~ loguniform(0.001, 0.1) if slow == 1")
    yield "conditional_width", script("classification", "cross_entropy(m(x), y)", tune="trials = 4",
                                      hypers="hyper deep ~ choice(0, 1)\nhyper w ~ choice(2, 4) if deep == 1")

# ── running ────────────────────────────────────────────────────────────────
def run(exp, args, cwd, env, stdin=b""):
    try:
        p = subprocess.run([exp] + args, cwd=cwd, input=stdin, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT} s"
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

def problems_of(code, out, err):
    if code is None:
        return [err]
    found = []
    if code not in (0, 1, 2):
        found.append(f"exit code {code}" + (f" (signal {-code})" if code < 0 else ""))
    if "internal error" in (out + err).lower():
        found.append("`internal error` in the output")
    if code in (1, 2) and not DIAGNOSTIC.search(err):
        found.append(f"exit {code} without an `error:` line on standard error")
    return found

def added_files(folder, before):
    return [os.path.join(folder, f) for f in sorted(set(os.listdir(folder)) - before)]

def predict_problems(exp, root, env, out_dir, splits):
    """Every model file a run wrote loads in `exp predict`. The exported test
    split holds encoded columns, so a model of text or date columns may refuse
    its rows (a data error, E08xx); the file itself must never be refused
    (E0907: a model `exp run` saved that cannot be instantiated) nor crash."""
    tests = sorted(f for f in os.listdir(splits) if f.endswith(".test.csv")) if os.path.isdir(splits) else []
    if not tests:
        return []
    found = []
    for model in sorted(f for f in os.listdir(out_dir) if f.endswith(".expm")):
        code, out, err = run(exp, ["predict", os.path.join(out_dir, model), os.path.join(splits, tests[0])], root, env)
        found += [f"exp predict {model}: {p}" for p in problems_of(code, out, err)]
        if "E0907" in err:
            found.append(f"exp predict {model}: the model file the run wrote is refused: "
                         + next((l for l in err.splitlines() if "E0907" in l), ""))
    return found

def guard(exp, root, path, env, repl):
    """None when `path` is refused by the check; otherwise (problems, run's exit code, output)."""
    code, out, err = run(exp, ["check", path], root, env)
    problems = problems_of(code, out, err)
    if problems:
        return ["exp check: " + p for p in problems], code, out + err
    if code != 0:
        return None
    folder = os.path.dirname(os.path.abspath(path))
    before = set(os.listdir(folder))
    with tempfile.TemporaryDirectory(prefix="exp-trust-") as out_dir:
        splits = os.path.join(out_dir, "splits")
        code, out, err = run(exp, ["run", path, "--out", out_dir, "--export-splits", splits] + RUN_ARGS, root, env)
        problems = ["exp run: " + p for p in problems_of(code, out, err)]
        if code == 0:
            problems += predict_problems(exp, root, env, out_dir, splits)
    # The REPL runs the same script twice: loaded, then typed line by line
    # (from the script's folder, so relative paths resolve). Errors keep a
    # session going, so only a crash or an internal error is a failure here.
    with open(path, "rb") as f:
        typed = f.read()
    for how, stdin, cwd in () if not repl else ((":load", f":load {os.path.abspath(path)}\n:hypers\n:trials\n".encode(), root),
                            ("typed", typed, folder)):
        r_code, r_out, r_err = run(exp, ["repl", "--quiet"], cwd, env, stdin)
        problems += [f"exp repl ({how}): {p}" for p in problems_of(r_code, r_out, r_err) if "without an `error:`" not in p]
    for extra in added_files(folder, before):  # written by a `save` beside the script
        shutil.rmtree(extra) if os.path.isdir(extra) else os.remove(extra)
    return problems, code, out + err

def cases(root, scratch):
    for folder in FOLDERS:
        full = os.path.join(root, folder)
        for name in sorted(os.listdir(full)) if os.path.isdir(full) else []:
            if not name.endswith(".exp"):
                continue
            path = os.path.join(full, name)
            conf = header(path)
            yield os.path.relpath(path, root), generated_input(conf["generate"], path, scratch) if conf["generate"] else path
    for name, text in generated():
        path = os.path.join(scratch, f"gen_{name}.exp")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        yield f"<generated>/{name}.exp", path

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--show", action="store_true", help="print each generated script before its result")
    ap.add_argument("files", nargs="*", help="only these scripts")
    a = ap.parse_args()
    root, exp = os.path.abspath(a.root), os.path.abspath(a.exp)
    env = dict(os.environ, NO_COLOR="1", EXP_NO_PROGRESS="1")
    env.pop("CI", None)
    start, ran, refused, failed, run_refusals = time.time(), 0, 0, [], []
    with tempfile.TemporaryDirectory(prefix="exp-trust-gen-") as scratch:
        todo = [(f, os.path.abspath(f)) for f in a.files] if a.files else list(cases(root, scratch))
        for name, path in todo:
            result = guard(exp, root, path, env, repl=not name.startswith("<generated>"))
            if result is None:
                refused += 1
                continue
            problems, code, output = result
            ran += 1
            if problems:
                failed.append(name)
                text = open(path, encoding="utf-8", errors="replace").read() if name.startswith("<generated>") else ""
                print(f"FAIL {name}\n  " + "\n  ".join(problems) + f"\n{text}{output[-3000:]}\n")
            elif code == 2:
                errors = [l for l in output.splitlines() if DIAGNOSTIC.match(l) and "error" in l]
                run_refusals.append((name, errors[0] if errors else ""))
    for name, line in run_refusals:
        print(f"note: `exp run` refused what `exp check` accepted: {name}: {line.strip()[:160]}")
    print(f"trust: {ran} accepted scripts run, {len(failed)} failed, {refused} refused by the check; "
          f"{time.time() - start:.1f} s")
    return 1 if failed or ran == 0 else 0

if __name__ == "__main__":
    sys.exit(main())
