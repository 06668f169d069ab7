#!/usr/bin/env python3
"""I/O fault injection (docs/reliability.md): run a small tuned study with the
N-th write / fsync / rename / open failing (EIO or ENOSPC), for every N the
run reaches (or a sample of them, --quick), and check after each:
  - the run succeeded, or failed with exit code != 0 and an error message;
  - never a signal (no abort, no crash);
  - the folder is consistent (check_folder.py): no temporary left, no partial
    file under a final name, report.json only beside its own model;
  - `--resume` afterwards (no fault) completes, with trials 0..N-1 all finished.
Usage: fault_sweep.py --exp build/cli/exp --shim build/tests/reliability/libfaultfs.so [--quick]
"""
import argparse
import os
import shutil
import sys
import tempfile

import harness  # noqa: E402  (beside this script)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_folder  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "tiny.exp")


def run(exp, args, env_extra=None, shim=None):
    return harness.run_exp(exp, args, dict(env_extra or {}, **({"LD_PRELOAD": shim} if shim else {})))


def count(exp, shim, op, work):
    counter = os.path.join(work, "count")
    out = os.path.join(work, f"count-{op}")
    r = run(exp, ["run", "--quiet", "--out", out, SCRIPT], {"FAULT_OP": op, "FAULT_N": "0", "FAULT_COUNT": counter}, shim)
    if r.returncode != 0:
        sys.exit(f"the run without faults failed ({r.returncode}):\n{r.stderr}")
    with open(counter) as f:
        return int(f.read())


def sample(total, quick):
    if not quick:
        return list(range(1, total + 1))
    # Every early call (creating the folder, the lock, the store), then a stride, then the last few (the bundle).
    picks = set(range(1, min(total, 12) + 1)) | set(range(max(1, total - 10), total + 1))
    picks |= set(range(1, total + 1, max(1, total // 12)))
    return sorted(picks)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--shim", required=True)
    ap.add_argument("--quick", action="store_true", help="a sample of N per operation (CI); default: every N")
    ap.add_argument("--ops", default="write,fsync,rename,open")
    a = ap.parse_args()
    failures = []
    runs = 0
    work = tempfile.mkdtemp(prefix="exp-faults-")
    try:
        for op in a.ops.split(","):
            total = count(a.exp, a.shim, op, work)
            for n in sample(total, a.quick):
                errno_name = "ENOSPC" if n % 2 else "EIO"
                out = os.path.join(work, f"{op}-{n}")
                r = run(a.exp, ["run", "--quiet", "--out", out, SCRIPT],
                        {"FAULT_OP": op, "FAULT_N": str(n), "FAULT_ERRNO": errno_name}, a.shim)
                runs += 1
                what = f"{op} #{n} {errno_name}"
                if r.returncode < 0:
                    failures.append(f"{what}: killed by signal {-r.returncode}\n{r.stderr[-2000:]}")
                    continue
                if r.returncode != 0 and "error" not in r.stderr:
                    failures.append(f"{what}: exit {r.returncode} without an error message")
                for p in check_folder.problems(out):
                    failures.append(f"{what}: {p}")
                if not os.path.isdir(out):
                    continue  # failed before the folder existed: nothing to resume
                flags = ["--resume"] if check_folder.trials(out) else ["--force"]  # no trial stored: start afresh
                again = run(a.exp, ["run", "--quiet", "--out", out, SCRIPT] + flags)
                if again.returncode != 0:
                    failures.append(f"{what}: `{' '.join(flags)}` afterwards failed ({again.returncode}): {again.stderr[-800:]}")
                    continue
                t = check_folder.trials(out)
                if t is not None and [n_ for n_, _ in t] != list(range(len(t))):
                    failures.append(f"{what}: trials after resume are numbered {[n_ for n_, _ in t]}")
                if t is not None and any(s not in ("complete", "pruned", "failed") for _, s in t):
                    failures.append(f"{what}: a trial is left {[s for _, s in t]}")
                for p in check_folder.problems(out):
                    failures.append(f"{what} then resume: {p}")
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish(f"{runs} faulty runs", failures)


if __name__ == "__main__":
    main()
