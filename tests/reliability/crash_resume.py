#!/usr/bin/env python3
"""Crash points (docs/reliability.md): kill the run (SIGKILL, as power loss or
kill -9 would) at each named point of runtime/io/crash_point.h, check the
folder is consistent, resume, and compare with an uninterrupted run: exactly
the budget's trials, numbered 0..N-1, none left running, every one identical
(state, value, hypers) to the uninterrupted run's.
Usage: crash_resume.py --exp build/cli/exp
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
POINTS = ["trial-committed:1", "trial-committed:2", "trial-committed:3", "before-rename:1", "before-rename:2",
          "before-report"]


def run(exp, args, crash=None):
    return harness.run_exp(exp, args, {"EXP_CRASH_AT": crash} if crash else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="exp-crash-")
    failures = []
    try:
        ref = os.path.join(work, "reference")
        r = run(a.exp, ["run", "--quiet", "--out", ref, SCRIPT])
        if r.returncode != 0:
            sys.exit(f"the uninterrupted run failed: {r.stderr}")
        want = check_folder.trial_rows(ref)
        for point in POINTS:
            out = os.path.join(work, point.replace(":", "-"))
            r = run(a.exp, ["run", "--quiet", "--out", out, SCRIPT], crash=point)
            if r.returncode != -9:
                failures.append(f"{point}: expected the process to be killed, got exit {r.returncode}")
                continue
            # A kill between write and rename may leave a temporary (the next run removes it), nothing worse.
            for p in check_folder.problems(out):
                if not p.startswith("temporary file left"):
                    failures.append(f"{point}: after the crash: {p}")
            flags = ["--resume"] if check_folder.trials(out) else ["--force"]
            again = run(a.exp, ["run", "--quiet", "--out", out, SCRIPT] + flags)
            if again.returncode != 0:
                failures.append(f"{point}: {' '.join(flags)} failed ({again.returncode}): {again.stderr[-800:]}")
                continue
            got = check_folder.trial_rows(out)
            if got != want:
                failures.append(f"{point}: trials after resume differ from an uninterrupted run:\n  {got}\n  {want}")
            for p in check_folder.problems(out):
                failures.append(f"{point}: after resume: {p}")
            if not os.path.exists(os.path.join(out, "report.json")):
                failures.append(f"{point}: no report.json after resume")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish(f"{len(POINTS)} crash points", failures)


if __name__ == "__main__":
    main()
