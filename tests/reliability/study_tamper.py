#!/usr/bin/env python3
"""Study store tampering (docs/reliability.md, "The study store"): a finished
run's study.db is modified the ways a reliability pass found harmful, then
resumed with a larger budget. Misfitting trials are set aside with a note (the
run completes, nothing is sized or steered by them); rows exp never writes and
files that are not study stores are E0911; a missing, empty or renamed study
is E0908 — never a silent fresh start, never "cannot write".
Usage: study_tamper.py --exp build/cli/exp
"""
import argparse
import os
import shutil
import sqlite3
import sys
import tempfile

import harness  # noqa: E402  (beside this script)

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "tiny.exp")


def run(exp, args):
    return harness.run_exp(exp, args)


def sql(folder, statement):
    con = sqlite3.connect(os.path.join(folder, "study.db"))
    con.execute("PRAGMA ignore_check_constraints = ON")  # as a hand edit of the file could
    con.execute(statement)
    con.commit()
    con.close()


def first_trial_id(folder):
    con = sqlite3.connect(os.path.join(folder, "study.db"))
    tid = con.execute("SELECT id FROM trials WHERE state = 'complete' ORDER BY number LIMIT 1").fetchone()[0]
    con.close()
    return tid


CASES = [
    # (name, tamper(folder), expected exit, text expected in the output)
    ("hidden = 1e8", lambda f: sql(f, f"UPDATE trial_hypers SET number = 1e8 WHERE name = 'hidden' AND trial_id = {first_trial_id(f)}"),
     0, "set aside"),
    ("NULL lr", lambda f: sql(f, f"UPDATE trial_hypers SET number = NULL WHERE name = 'lr' AND trial_id = {first_trial_id(f)}"),
     0, "set aside"),
    ("NaN value", lambda f: sql(f, f"UPDATE trials SET value = NULL WHERE id = {first_trial_id(f)}"), 0, "set aside"),
    ("state 'bogus'", lambda f: sql(f, "UPDATE trials SET state = 'bogus' WHERE number = 1"), 2, "exp never writes"),
    ("renamed study", lambda f: sql(f, "UPDATE studies SET name = 'other'"), 2, "E0908"),
    ("zero-length study.db", lambda f: open(os.path.join(f, "study.db"), "w").close(), 2, "E0908"),
    ("not a database", lambda f: open(os.path.join(f, "study.db"), "wb").write(b"garbage " * 512), 2, "E0911"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="exp-tamper-")
    failures = []
    try:
        base = os.path.join(work, "base")
        r = run(a.exp, ["run", "--quiet", "--out", base, SCRIPT])
        if r.returncode != 0:
            sys.exit(f"the untampered run failed: {r.stderr}")
        for name, tamper, code, text in CASES:
            out = os.path.join(work, name.replace(" ", "_").replace("'", ""))
            shutil.copytree(base, out, ignore=shutil.ignore_patterns(".lock"))
            for side in ("study.db-wal", "study.db-shm"):
                if os.path.exists(os.path.join(out, side)):
                    os.remove(os.path.join(out, side))
            tamper(out)
            r = run(a.exp, ["run", "--out", out, "--resume", "--trials", "5", SCRIPT])
            both = r.stdout + r.stderr
            if r.returncode != code:
                failures.append(f"{name}: exit {r.returncode}, expected {code}\n{both[-1500:]}")
            elif text not in both:
                failures.append(f"{name}: the output does not say `{text}`\n{both[-1500:]}")
            if "cannot write" in both:
                failures.append(f"{name}: reported as `cannot write`")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    harness.finish(f"{len(CASES)} tampered stores", failures)


if __name__ == "__main__":
    main()
