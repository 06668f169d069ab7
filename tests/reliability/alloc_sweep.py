#!/usr/bin/env python3
"""Allocation-failure sweep (docs/reliability.md; SQLite's OOM test): run
`exp check` (parse + check) and a 3-trial tuned run of tiny.exp with the N-th
heap allocation failing (the LD_PRELOAD shim failmalloc.cpp), and check after
each that exp either succeeded or failed cleanly:
  - never a signal (no abort from an uncaught std::bad_alloc, no crash);
  - a non-zero exit comes with an error message;
  - the run folder is consistent (check_folder.py): no temporary left, no
    partial file under a final name, report.json only beside its own model.
Which N: every N from 1 to --first, then every --stride-th N (from a seeded
random offset) up to the number of allocations a run without faults makes.
CI runs a sample (--stride 400, about 100 runs); the whole sweep is
  python3 tests/reliability/alloc_sweep.py --exp build/cli/exp \
      --shim build/tests/reliability/libfailmalloc.so --stride 1 --jobs 2
(about 40,000 runs: two hours on two cores).
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_folder  # noqa: E402
import harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "tiny.exp")


def commands(out):
    """The commands swept, by name: the front end alone, then a whole tuned run."""
    return {"check": ["check", SCRIPT], "run": ["run", "--quiet", "--out", out, SCRIPT]}


def run(exp, shim, args, env):
    env = dict(env, LD_PRELOAD=shim)
    try:
        return harness.run_exp(exp, args, env)
    except subprocess.TimeoutExpired:
        return None


def count(exp, shim, name, work):
    counter = os.path.join(work, f"count-{name}")
    args = commands(os.path.join(work, f"clean-{name}"))[name]
    r = run(exp, shim, args, {"FAIL_MALLOC_N": "0", "FAIL_MALLOC_COUNT": counter})
    if r is None or r.returncode != 0:
        sys.exit(f"`exp {' '.join(args)}` without faults failed:\n{r.stderr if r else 'timeout'}")
    with open(counter) as f:
        return int(f.read())


def picks(total, first, stride, seed):
    ns = set(range(1, min(total, first) + 1))
    start = random.Random(seed).randrange(1, max(2, stride + 1))
    ns |= set(range(start, total + 1, max(1, stride)))
    ns.add(total)
    return sorted(ns)


def symbolized(exp, trace_file):
    """The stack the shim wrote for the failing allocation, exp's frames named (addr2line)."""
    if not os.path.exists(trace_file):
        return ""
    lines = []
    with open(trace_file) as f:
        for line in f:
            m = re.search(r"\(\+(0x[0-9a-f]+)\)", line)
            if m and os.path.basename(exp) in line and shutil.which("addr2line"):
                named = subprocess.run(["addr2line", "-e", exp, "-f", "-C", "-p", m.group(1)],
                                       capture_output=True, text=True).stdout.strip()
                lines.append("    " + named[:200])
            else:
                lines.append("    " + line.strip()[:200])
    return "\n".join(lines)


# Aborts inside the C++ libraries that exp cannot catch yet (docs/reliability.md,
# "Out of memory"): listed, not failed, unless --strict.
KNOWN = [
]
KNOWN_SEEN = []
strict = False


def one(exp, shim, name, n, work):
    """The problems of one faulty run (empty: clean)."""
    out = os.path.join(work, f"{name}-{n}")
    trace = os.path.join(work, f"trace-{name}-{n}")
    r = run(exp, shim, commands(out)[name], {"FAIL_MALLOC_N": str(n), "FAIL_MALLOC_TRACE": trace})
    what = f"{name}, allocation #{n} fails"
    problems = []
    if r is None:
        problems.append(f"{what}: timed out (a hang)")
    elif r.returncode < 0 or r.returncode >= 128:
        stack = symbolized(exp, trace)
        known = next((why for pattern, why in KNOWN if pattern in stack), None)
        text = (f"{what}: killed by signal {-r.returncode if r.returncode < 0 else r.returncode - 128}\n"
                f"{r.stderr[-1500:]}\n  the allocation that failed:\n{stack}")
        if known and not strict:
            KNOWN_SEEN.append(f"{what}: {known}")
        else:
            problems.append(text)
    elif r.returncode != 0 and "error" not in r.stderr:
        problems.append(f"{what}: exit {r.returncode} without an error message: {r.stderr[-500:]!r}")
    if name == "run" and os.path.isdir(out):
        problems += [f"{what}: {p}" for p in check_folder.problems(out)]
    shutil.rmtree(out, ignore_errors=True)
    if os.path.exists(trace):
        os.remove(trace)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--shim", required=True)
    ap.add_argument("--first", type=int, default=30, help="every N up to this one")
    ap.add_argument("--stride", type=int, default=400, help="then every stride-th N (1: all of them)")
    ap.add_argument("--seed", type=int, default=1, help="seeds the offset of the stride")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--commands", default="check,run")
    ap.add_argument("--strict", action="store_true", help="fail on the known library aborts too")
    a = ap.parse_args()
    global strict
    strict = a.strict
    shim = os.path.abspath(a.shim)
    failures, runs = [], 0
    work = tempfile.mkdtemp(prefix="exp-allocs-")
    try:
        for name in a.commands.split(","):
            total = count(a.exp, shim, name, work)
            ns = picks(total, a.first, a.stride, a.seed)
            with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
                for problems in pool.map(lambda n: one(a.exp, shim, name, n, work), ns):
                    failures += problems
            runs += len(ns)
            print(f"{name}: {total} allocations, {len(ns)} of them failed in turn")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for k in KNOWN_SEEN:
        print(f"known, not exp's to catch yet: {k}")
    harness.finish(f"{runs} runs with a failing allocation", failures)


if __name__ == "__main__":
    main()
