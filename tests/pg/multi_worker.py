#!/usr/bin/env python3
"""Several `exp run --storage postgresql://…` processes on one study, against the
server run_pg_tests.sh started (EXP_PG_URL, EXP_PG_BIN):

1. 4 processes × one 200-trial TPE study: exactly the numbers 0..199, none
   lost, duplicated or left running, trials from more than one process, and
   every process's report equal (hypers and values) to a serial run of the
   same script and seed on the default SQLite store.
2. A worker stopped (SIGSTOP) right after starting a trial, past its lease:
   the trial is re-run by another worker (attempt 2), the stopped worker's
   late result is rejected with a warning when it resumes, nothing is
   duplicated, and the proposals are still the serial run's.
3. Two of four workers killed with kill -9 mid-study, a fifth started to
   finish: the same invariants.
4. The server restarted mid-study: the workers reconnect and finish, with
   the same invariants.
5. Moving studies: the "restarted" study exported to an SQLite file and
   imported back under another name (exp copy-study) holds the same trials;
   `exp show --storage URL --study NAME --json` reads them; a server that
   cannot be reached leaves no run folder.
Exits non-zero with the reason on the first broken invariant.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time


def fail(msg):
    print(f"multi_worker: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def psql(url, sql):
    out = subprocess.run([os.path.join(os.environ["EXP_PG_BIN"], "psql"), url, "-At", "-F", "|", "-c", sql],
                         capture_output=True, text=True, check=True, timeout=30)
    return [line.split("|") for line in out.stdout.strip().splitlines()]


def trials_of(report):
    return {t["number"]: (t.get("hypers"), t.get("value")) for t in report["trials"]}


def store_rows(url, study):
    return psql(url, "SELECT t.number, t.state, t.attempt, t.worker FROM exp_trials t JOIN exp_studies s "
                     f"ON s.id = t.study_id WHERE s.name = '{study}' ORDER BY t.number")


def check_store(url, study, budget):
    rows = store_rows(url, study)
    numbers = [int(r[0]) for r in rows]
    if numbers != list(range(budget)):
        fail(f"{study}: the store holds numbers {numbers[:5]}… ({len(numbers)}), not exactly 0..{budget - 1}")
    running = [r[0] for r in rows if r[1] == "running"]
    if running:
        fail(f"{study}: trials left running: {running}")
    return rows


def check_same(report, serial, what):
    got, want = trials_of(report), trials_of(serial)
    if got.keys() != want.keys():
        fail(f"{what}: trial numbers differ from the serial run")
    for n in sorted(want):
        if got[n] != want[n]:
            fail(f"{what}: trial {n} is {got[n]}, the serial run's is {want[n]}")


def wait_finished(url, study, count):
    deadline = time.time() + 60
    while time.time() < deadline:
        done = psql(url, "SELECT count(*) FROM exp_trials t JOIN exp_studies s ON s.id = t.study_id "
                         f"WHERE s.name = '{study}' AND t.state <> 'running'")
        if done and int(done[0][0]) >= count:
            return
        time.sleep(0.01)
    fail(f"{study}: {count} trials did not finish within a minute")


def run_json(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-2000:]}")
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--url", required=True)
    a = ap.parse_args()
    script = os.path.join(a.root, "examples", "branin.exp")
    tmp = tempfile.mkdtemp(prefix="exp-pg-workers-")
    base = [a.exp, "run", script, "--json"]

    def serial(budget):
        return run_json(base + ["-q", "--trials", str(budget), "--out", os.path.join(tmp, f"serial{budget}")])

    # 1. four processes, 200 trials
    budget = 200
    want = serial(budget)
    t0 = time.time()
    procs = [subprocess.Popen(base + ["-q", "--trials", str(budget), "--storage", a.url, "--study", "four",
                                      "--out", os.path.join(tmp, f"four{i}")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        if p.returncode != 0:
            fail(f"a worker exited {p.returncode}: {err[-2000:]}")
        reports.append(json.loads(out))
    seconds = time.time() - t0
    rows = check_store(a.url, "four", budget)
    by_worker = {}
    for r in rows:
        by_worker[r[3]] = by_worker.get(r[3], 0) + 1
    if len(by_worker) < 2:
        fail(f"all trials ran in one process: {by_worker}")
    for i, r in enumerate(reports):
        check_same(r, want, f"process {i} of 4")
    print(f"multi_worker: 4 processes x {budget} trials: 200 distinct numbers, none running, "
          f"identical to the serial run; {seconds:.2f} s ({budget / seconds:.0f} trials/s), "
          f"per process {sorted(by_worker.values())}")
    show = subprocess.run([a.exp, "show", os.path.join(tmp, "four0")], capture_output=True, text=True)
    if show.returncode != 0 or "200" not in show.stdout:
        fail(f"exp show of a worker's run folder: exit {show.returncode}: {show.stderr[-500:]}")

    # 2. a worker frozen past its lease
    budget = 60
    want = serial(budget)
    env = dict(os.environ, EXP_LEASE_SECONDS="1")
    frozen_env = dict(env, EXP_CRASH_AT="trial-started:5", EXP_CRASH_SIGNAL="STOP")
    common = base + ["--trials", str(budget), "--storage", a.url, "--study", "frozen"]
    frozen = subprocess.Popen(common + ["--out", os.path.join(tmp, "frozen")], env=frozen_env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        with open(f"/proc/{frozen.pid}/stat") as f:
            if f.read().split(") ")[1].split()[0] == "T":
                break
        time.sleep(0.02)
    else:
        fail("the worker meant to stop itself at its 5th trial never did")
    others = [subprocess.Popen(common + ["-q", "--out", os.path.join(tmp, f"other{i}")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    other_reports = []
    for p in others:
        out, err = p.communicate(timeout=120)
        if p.returncode != 0:
            fail(f"a worker beside the frozen one exited {p.returncode}: {err[-2000:]}")
        other_reports.append(json.loads(out))
    rows = check_store(a.url, "frozen", budget)
    retried = [r for r in rows if int(r[2]) >= 2]
    if not retried:
        fail("no trial was taken over from the frozen worker (all attempts are 1)")
    os.kill(frozen.pid, signal.SIGCONT)
    out, err = frozen.communicate(timeout=60)
    if frozen.returncode != 0:
        fail(f"the frozen worker exited {frozen.returncode} after SIGCONT: {err[-2000:]}")
    if "rejected" not in err and "took it over" not in err:
        fail(f"the frozen worker's late result was not reported as rejected: {err[-1500:]}")
    check_store(a.url, "frozen", budget)
    for r in other_reports + [json.loads(out)]:
        check_same(r, want, "after a frozen worker")
    print(f"multi_worker: SIGSTOP past the lease: trial(s) {[r[0] for r in retried]} re-run by another worker, "
          "the late result rejected, 60 distinct, identical to the serial run")

    # 3. kill -9 at random
    budget = 120
    want = serial(budget)
    common = base + ["-q", "--trials", str(budget), "--storage", a.url, "--study", "killed"]
    procs = [subprocess.Popen(common + ["--out", os.path.join(tmp, f"killed{i}")], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    wait_finished(a.url, "killed", 30)
    for p in procs[:2]:
        p.kill()
        p.wait()
    last = subprocess.Popen(common + ["--out", os.path.join(tmp, "killed-last")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for p in procs[2:] + [last]:
        out, err = p.communicate(timeout=120)
        if p.returncode != 0:
            fail(f"a surviving worker exited {p.returncode}: {err[-2000:]}")
        check_same(json.loads(out), want, "after kill -9")
    check_store(a.url, "killed", budget)
    print("multi_worker: kill -9 of 2 of 4 workers: 120 distinct, none running, identical to the serial run")

    # 4. the server restarted under running workers
    common = base + ["-q", "--trials", str(budget), "--storage", a.url, "--study", "restarted"]
    procs = [subprocess.Popen(common + ["--out", os.path.join(tmp, f"restarted{i}")], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
    wait_finished(a.url, "restarted", 20)
    data = os.environ["EXP_PG_DATA"]
    restart = os.environ.get("EXP_PG_AS", "").split() + [os.path.join(os.environ["EXP_PG_BIN"], "pg_ctl"), "-D", data,
                                                         "-l", os.path.join(data, "..", "server.log"), "-m", "fast",
                                                         "-w", "restart"]
    # No pipes: the restarted server would hold them open for ever.
    subprocess.run(restart, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=60)
    for p in procs:
        out, err = p.communicate(timeout=120)
        if p.returncode != 0:
            fail(f"a worker exited {p.returncode} after the server restarted: {err[-2000:]}")
        check_same(json.loads(out), want, "after a server restart")
    check_store(a.url, "restarted", budget)
    print("multi_worker: server restarted mid-study: the workers reconnected; 120 distinct, none running, "
          "identical to the serial run")

    # 5. export, import, show; a failed connection leaves no folder
    def exp(*args):
        r = subprocess.run([a.exp, *args], capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            fail(f"exp {' '.join(args[:2])} exited {r.returncode}: {r.stderr[-2000:]}")
        return r.stdout

    copy = os.path.join(tmp, "exported.db")
    exp("copy-study", a.url, copy, "--study", "restarted")
    exp("copy-study", copy, a.url, "--study", "restarted", "--as", "imported")
    def shown(url, study):
        return {t["number"]: (t["hypers"], t.get("value"), t["state"])
                for t in json.loads(exp("show", "--storage", url, "--study", study, "--json"))["trials"]}
    original = shown(a.url, "restarted")
    if len(original) != budget or shown("sqlite://" + copy, "restarted") != original \
            or shown(a.url, "imported") != original:
        fail("a study exported to SQLite and imported back differs from the original")
    check_store(a.url, "imported", budget)
    gone = os.path.join(tmp, "unreachable")
    r = subprocess.run(base + ["-q", "--storage", "postgresql:///postgres?host=/nonexistent-exp-socket", "--out", gone],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 2 or "E0911" not in r.stderr:
        fail(f"an unreachable server: exit {r.returncode}, {r.stderr[-500:]}")
    if os.path.exists(gone):
        fail("an unreachable server left a run folder behind")
    print(f"multi_worker: copy-study PostgreSQL -> SQLite -> PostgreSQL: {budget} trials identical; "
          "an unreachable server left no run folder")


if __name__ == "__main__":
    main()
