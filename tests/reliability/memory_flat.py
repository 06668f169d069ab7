#!/usr/bin/env python3
"""Memory stays flat over long sessions (docs/reliability.md, issue 11):
  trials: a black-box study of many tiny trials (random search, so that the
          sampler's own cost does not grow); the resident size (VmRSS) after
          the warm-up trials must not grow by more than --trial-mb;
  repl:   a REPL session of many inputs, 30 % of them errors (unknown names,
          syntax errors, type errors, wrong feature counts), the rest
          definitions, redefinitions, values, short trainings and predictions;
          the resident size after the warm-up inputs must not grow by more
          than --repl-mb.
RSS is read from /proc/<pid>/status while exp runs. The ctest
(reliability.memory_flat) runs a short variant; the issue's figures are
  python3 tests/reliability/memory_flat.py --exp build/cli/exp --full
(10,000 trials, growth after trial 1,000 <= 10 MB; 5,000 REPL inputs, growth
after input 500 <= 20 MB).
"""
import argparse
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BLACK_BOX = """seed 5
hyper x1 ~ uniform(-5, 10)
hyper x2 ~ uniform(0, 15)
tune {{
  method   = random
  trials   = {trials}
  parallel = 1
  minimize = (x2 - 5.1 / (4 * pi ^ 2) * x1 ^ 2 + 5 / pi * x1 - 6) ^ 2 + 10 * (1 - 1 / (8 * pi)) * cos(x1) + 10
}}
"""


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Sampler:
    """Polls a process's RSS every few milliseconds; `peak` since the last reset."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            kb = rss_kb(self.pid)
            if kb is None:
                return
            self.peak = max(self.peak, kb)
            time.sleep(0.005)

    def reset(self):
        self.peak = rss_kb(self.pid) or 0


def trials_case(exp, trials, warmup, limit_mb, work):
    """RSS growth (MB) from trial `warmup` to the last trial of a black-box study."""
    script = os.path.join(work, "blackbox.exp")
    with open(script, "w") as f:
        f.write(BLACK_BOX.format(trials=trials))
    env = dict(os.environ, EXP_NO_PROGRESS="1", NO_COLOR="1")
    p = subprocess.Popen([exp, "run", "--out", os.path.join(work, "run"), script], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(p.pid)
    base = None
    done = 0
    for line in p.stderr:
        m = re.search(r"trials (\d+)/(\d+)", line)
        if not m:
            continue
        done = int(m.group(1))
        if base is None and done >= warmup:
            base = rss_kb(p.pid)
            sampler.reset()
        if done >= trials:
            break
    peak = sampler.peak
    sampler.stop = True
    rest = p.stderr.read()
    p.wait(timeout=300)
    if p.returncode != 0:
        return [f"trials: the run failed ({p.returncode}): {rest[-800:]}"]
    if base is None or done < trials:
        return [f"trials: the progress lines never reached trial {warmup} / {trials} (last {done})"]
    growth = (peak - base) / 1024
    print(f"trials: {trials} black-box trials; RSS at trial {warmup} {base / 1024:.1f} MB, "
          f"peak after it {peak / 1024:.1f} MB: growth {growth:.2f} MB (limit {limit_mb} MB)")
    return [] if growth <= limit_mb else [f"trials: RSS grew {growth:.2f} MB after trial {warmup} (limit {limit_mb})"]


REPL_HEADER = """data flowers = iris
split flowers { train: 0.6, val: 0.2, test: 0.2, stratify: true }
standardize flowers
hyper lr = 0.05
model reg(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  param b: [C] ~ zeros
  return x @ W + b
}
train reg on flowers {
  loss = cross_entropy(reg(x), y)
  optimizer = adam(lr)
  epochs = 1
  batch = 32
}
"""


def repl_inputs(n, seed):
    """`n` single-line inputs, 30 % of them errors, deterministic for `seed`."""
    rng = random.Random(seed)
    good = [
        lambda i: f"hyper h{i % 50} = {rng.randint(1, 9)}",
        lambda i: f"h{i % 50}" if i > 60 else "lr",
        lambda i: f"hyper lr = {rng.choice(['0.01', '0.05', '0.1'])}",
        lambda i: "reg.W",
        lambda i: "flowers.train",
        lambda i: f"reg([{rng.uniform(4, 8):.1f}, {rng.uniform(2, 4):.1f}, {rng.uniform(1, 7):.1f}, {rng.uniform(0, 2.5):.1f}])",
        lambda i: ":shape reg",
        lambda i: ":hypers",
        lambda i: ":params reg",
    ]
    bad = [
        lambda i: f"nosuch{i}",
        lambda i: "hyper = = 3",
        lambda i: "reg([1, 2])",
        lambda i: "model broken(x: [F]) -> [C] { return x @ }",
        lambda i: "train nothing on flowers { epochs = 1 }",
        lambda i: f"reg([1, 2, {rng.choice(['1e39', 'x', ''])}, 3])",
        lambda i: ":shape nosuch",
        lambda i: "split flowers { train: 2 }",
        lambda i: "lr * 2 + 1",
    ]
    out = []
    for i in range(n):
        if i % 100 == 99:
            out.append("train reg on flowers {\n  loss = cross_entropy(reg(x), y)\n  optimizer = adam(lr)\n"
                       "  epochs = 1\n}")
        elif rng.random() < 0.3:
            out.append(rng.choice(bad)(i))
        else:
            out.append(rng.choice(good)(i))
    return out


def repl_case(exp, inputs, warmup, limit_mb, work):
    """RSS growth (MB) of `exp repl` from input `warmup` to the last of `inputs` lines."""
    env = dict(os.environ, EXP_NO_PROGRESS="1", NO_COLOR="1")
    p = subprocess.Popen([exp, "repl", "--quiet"], env=env, cwd=work, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    sampler = Sampler(p.pid)
    seen = queue.Queue()

    def read_output():
        """Drains the session's output (so that it never blocks on a full pipe), passing on marker lines."""
        for line in p.stdout:
            if line.startswith("hyper marker = "):
                seen.put(line.strip())
        seen.put(None)

    threading.Thread(target=read_output, daemon=True).start()
    marker = 0

    def sync():
        """Sends a value the session prints and waits for it: every input before it is handled."""
        nonlocal marker
        marker += 1
        p.stdin.write(f"hyper marker = {marker}\nmarker\n")
        p.stdin.flush()
        want = f"hyper marker = {marker}"
        while True:
            try:
                got = seen.get(timeout=120)
            except queue.Empty:
                return False
            if got is None:
                return False
            if got.split()[:4] == want.split():  # "hyper marker = 2  (the last run used 1)"
                return True

    lines = REPL_HEADER.splitlines() + repl_inputs(inputs, seed=11)
    base = None
    for k, line in enumerate(lines, 1):
        p.stdin.write(line + "\n")
        if k % 250 == 0 or k == len(lines):
            if not sync():
                return [f"repl: the session ended early at input {k}"]
            if base is None and k >= warmup:
                base = rss_kb(p.pid)
                sampler.reset()
    peak = max(sampler.peak, rss_kb(p.pid) or 0)
    sampler.stop = True
    p.stdin.write(":quit\n")
    p.stdin.close()
    p.wait(timeout=60)
    growth = (peak - base) / 1024
    print(f"repl: {inputs} inputs (30 % errors); RSS at input {warmup} {base / 1024:.1f} MB, "
          f"peak after it {peak / 1024:.1f} MB: growth {growth:.2f} MB (limit {limit_mb} MB)")
    return [] if growth <= limit_mb else [f"repl: RSS grew {growth:.2f} MB after input {warmup} (limit {limit_mb})"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--full", action="store_true", help="the issue's sizes: 10,000 trials, 5,000 REPL inputs")
    ap.add_argument("--trial-mb", type=float, default=10)
    ap.add_argument("--repl-mb", type=float, default=20)
    a = ap.parse_args()
    trials, trial_warmup = (10000, 1000) if a.full else (2000, 500)
    inputs, input_warmup = (5000, 500) if a.full else (1500, 500)
    exp = os.path.abspath(a.exp)
    work = tempfile.mkdtemp(prefix="exp-memflat-")
    try:
        failures = trials_case(exp, trials, trial_warmup, a.trial_mb, work)
        failures += repl_case(exp, inputs, input_warmup, a.repl_mb, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish("memory flat: 2 cases", failures)


if __name__ == "__main__":
    main()
