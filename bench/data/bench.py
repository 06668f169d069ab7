#!/usr/bin/env python3
"""Data loading and start-up, exp beside pandas (issue 16 item 4). Prints one
table: per case the median wall time (and peak RSS) of each side and the
ratio exp / pandas.

  load numeric   1,000,000 rows x 20 numeric columns (~180 MB)
  load mixed     200,000 rows: 6 numeric, 2 text categories, a date, a text target
    exp:    `exp run` of a script that reads the file, timed from the start
            of the process to its "· training" line (compile, the check's look
            at the file, loading, encoding, splitting, scaling): the wait a
            user has before the first epoch; peak RSS until then
    pandas: pandas.read_csv(path) in a fresh python3 (/usr/bin/python3,
            Debian python3-pandas), timed around the call; peak RSS of that
            process minus its RSS before the call (pandas' own import is not
            counted against it)
  exp check      `exp check` of the same scripts (the look at the data file)
  start-up       `exp run` of a tiny script (iris, no search) to its first epoch
  check 2,000    `exp check` of a generated 2,000-line script

Usage: bench/data/run.sh [--reps N] [--rows N]  (data is generated once into build-bench-data/)
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def generate_numeric(path, rows, cols=20, seed=1):
    r = random.Random(seed)
    with open(path, "w") as f:
        f.write(",".join(f"x{j}" for j in range(cols - 1)) + ",y\n")
        for _ in range(rows):
            xs = [r.gauss(0, 1) for _ in range(cols - 1)]
            f.write(",".join(f"{x:.6f}" for x in xs) + f",{int(xs[0] + xs[1] > 0)}\n")


def generate_mixed(path, rows, seed=2):
    r = random.Random(seed)
    cities = ["Lisbon", "Porto", "Braga", "Faro", "Coimbra", "Aveiro", "Evora", "Viseu"]
    plans = ["basic", "plus", "premium"]
    with open(path, "w") as f:
        f.write("age,income,city,plan,visits,score,signup,notes_len,tenure,churn\n")
        for _ in range(rows):
            f.write(f"{r.randint(18, 90)},{r.uniform(1e4, 2e5):.2f},{r.choice(cities)},{r.choice(plans)},"
                    f"{r.randint(0, 400)},{r.gauss(50, 10):.3f},2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d},"
                    f"{r.randint(0, 2000)},{r.uniform(0, 10):.2f},{r.choice(['yes', 'no'])}\n")


SCRIPT = """data d = csv("{path}", target: "{target}")
split d {{ train: 0.8, test: 0.2 }}
standardize d
model m(x: [F]) -> [C] {{
  param W: [F, C] ~ zeros
  return x @ W
}}
train m on d {{
  loss = cross_entropy(m(x), y)
  epochs = 1
  batch = 4096
}}
"""

TINY = """data flowers = iris
split flowers { train: 0.8, test: 0.2 }
model m(x: [F]) -> [C] {
  param W: [F, C] ~ zeros
  return x @ W
}
train m on flowers {
  loss = cross_entropy(m(x), y)
  epochs = 1
}
"""


def long_script(path, lines=2000):
    """A script of about `lines` lines: data, then models and their trainings."""
    out = ["seed 1", "data pts = moons(n: 200)", "split pts { train: 0.8, test: 0.2 }", ""]
    k = 0
    while len(out) + 12 <= lines:
        out += [f"hyper lr{k} = 0.0{k % 9 + 1}",
                f"model m{k}(x: [F]) -> [C] {{", "  param W: [F, C] ~ glorot", "  param b: [C] ~ zeros",
                "  return x @ W + b", "}",
                f"train m{k} on pts {{", f"  loss = cross_entropy(m{k}(x), y)", f"  optimizer = adam(lr{k})",
                "  epochs = 1", "}", ""]
        k += 1
    out += [f"# filler {i}" for i in range(lines - len(out))]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def cpu_seconds(pid):
    """User + system CPU seconds of a live process (/proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def exp_to_first_epoch(exp, script, work):
    """Seconds (wall, CPU) from the start of `exp run` to its "· training" line, and the peak RSS (MB) until then."""
    env = dict(os.environ, EXP_NO_PROGRESS="1", NO_COLOR="1")
    out = os.path.join(work, "run")
    subprocess.run(["rm", "-rf", out])
    start = time.perf_counter()
    p = subprocess.Popen([exp, "run", "--out", out, script], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    peak, done = [0], [False]

    def sample():
        while not done[0]:
            peak[0] = max(peak[0], rss_kb(p.pid))
            time.sleep(0.002)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    seconds = None
    for line in p.stderr:
        if line.startswith("· training"):
            seconds = time.perf_counter() - start
            cpu = cpu_seconds(p.pid)
            break
    done[0] = True
    p.kill()
    p.wait()
    if seconds is None:
        sys.exit(f"`exp run {script}` never reached its first epoch")
    return seconds, peak[0] / 1024, cpu


def exp_check(exp, script):
    start = time.perf_counter()
    r = subprocess.run([exp, "check", script], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"`exp check {script}` failed:\n{r.stderr}")
    return time.perf_counter() - start


PANDAS = r"""
import resource, sys, time
import pandas
def rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'): return int(line.split()[1])
before = rss()
t, c = time.perf_counter(), time.process_time()
frame = pandas.read_csv(sys.argv[1])
seconds, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, (peak - before) / 1024, cpu)
"""


def pandas_load(path):
    r = subprocess.run(["/usr/bin/python3", "-c", PANDAS, path], capture_output=True, text=True)
    if r.returncode != 0:
        return None, None, None
    seconds, mb, cpu = r.stdout.split()
    return float(seconds), float(mb), float(cpu)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", default=os.path.join(ROOT, "build/cli/exp"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build-bench-data"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rows", type=int, default=1000000, help="rows of the numeric file (the mixed one has a fifth)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    numeric = os.path.join(a.work, f"numeric-{a.rows}.csv")
    mixed = os.path.join(a.work, f"mixed-{a.rows // 5}.csv")
    if not os.path.exists(numeric):
        generate_numeric(numeric, a.rows)
    if not os.path.exists(mixed):
        generate_mixed(mixed, a.rows // 5)
    scripts = {}
    for name, path, target in (("numeric", numeric, "y"), ("mixed", mixed, "churn")):
        scripts[name] = os.path.join(a.work, f"{name}.exp")
        with open(scripts[name], "w") as f:
            f.write(SCRIPT.format(path=path, target=target))
    tiny = os.path.join(a.work, "tiny.exp")
    with open(tiny, "w") as f:
        f.write(TINY)
    big = os.path.join(a.work, "long.exp")
    long_script(big)

    rows = []
    for name, path in (("numeric", numeric), ("mixed", mixed)):
        runs = [exp_to_first_epoch(a.exp, scripts[name], a.work) for _ in range(a.reps)]
        base = [pandas_load(path) for _ in range(a.reps)]
        exp_s, exp_mb, exp_cpu = (median([r[i] for r in runs]) for i in range(3))
        pd_s, pd_mb, pd_cpu = (median([b[i] for b in base]) for i in range(3))
        check_s = median([exp_check(a.exp, scripts[name]) for _ in range(a.reps)])
        rows.append((f"load {name}", exp_s, exp_cpu, exp_mb, pd_s, pd_cpu, pd_mb))
        rows.append((f"exp check {name}", check_s, None, None, None, None, None))
    tiny_runs = [exp_to_first_epoch(a.exp, tiny, a.work) for _ in range(max(a.reps, 5))]
    rows.append(("start-up (tiny, to first epoch)", median([r[0] for r in tiny_runs]), median([r[2] for r in tiny_runs]),
                 None, None, None, None))
    check_long = median([exp_check(a.exp, big) for _ in range(max(a.reps, 5))])
    rows.append(("exp check, 2,000-line script", check_long, None, None, None, None, None))

    print(f"{'case':32} {'exp s':>7} {'exp cpu':>8} {'exp MB':>7} {'pandas s':>9} {'pandas cpu':>11} {'pandas MB':>10}"
          f" {'wall ratio':>11} {'cpu ratio':>10}")
    for case, es, ec, emb, ps, pc, pmb in rows:
        f = lambda v, spec: format(v, spec) if v is not None else "-"  # noqa: E731
        wall = f"{es / ps:.2f}x" if ps else "-"
        cpu = f"{ec / pc:.2f}x" if pc and ec else "-"
        print(f"{case:32} {f(es, '7.3f')} {f(ec, '8.3f')} {f(emb, '7.0f')} {f(ps, '9.3f')} {f(pc, '11.3f')}"
              f" {f(pmb, '10.0f')} {wall:>11} {cpu:>10}")
    print("(ratio: exp / pandas, below 1 is exp faster; exp's times include compiling and checking the script)")


if __name__ == "__main__":
    main()
