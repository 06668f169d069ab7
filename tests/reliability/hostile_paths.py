#!/usr/bin/env python3
"""Hostile save and output paths (docs/reliability.md, "Where save may write"):
a script saving to each path below is refused by `exp check` and by `exp run`
(E0912, exit code 2), and no file appears outside the script's folder; the
allowed ones write only where they say. Symlinks planted in the run folder
never redirect a write.
Usage: hostile_paths.py --exp build/cli/exp
"""
import argparse
import os
import shutil
import tempfile

import harness  # noqa: E402  (beside this script)

SCRIPT = """seed 1
data flowers = iris
split flowers {{ train: 0.6, val: 0.2, test: 0.2 }}
hyper lr = 0.05
model lin(x: [F]) -> [C] {{
  param W: [F, C] ~ zeros
  return x @ W
}}
train lin on flowers {{
  loss      = cross_entropy(lin(x), y)
  optimizer = adam(lr)
  epochs    = 1
}}
save lin "{path}"
"""


def run(exp, args, cwd):
    return harness.run_exp(exp, args, cwd=cwd)


def snapshot(root):
    out = set()
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    a = ap.parse_args()
    exp = os.path.abspath(a.exp)
    sandbox = tempfile.mkdtemp(prefix="exp-paths-")
    proj = os.path.join(sandbox, "a", "b", "proj")
    os.makedirs(os.path.join(proj, "sub"))
    os.makedirs(os.path.join(sandbox, "outside"))
    os.symlink(os.path.join(sandbox, "outside"), os.path.join(proj, "link"))
    with open(os.path.join(proj, "notes.txt"), "w") as f:
        f.write("mine")
    os.makedirs(os.path.join(proj, "papers"))
    with open(os.path.join(proj, "papers", "draft.tex"), "w") as f:
        f.write("mine")
    refused = ["/", "/etc", "/etc/exp", "/usr/local/exp", "/proc/self", "/dev/null", "/sys/x", "/var/lib/exp", "/bin/../etc",
               "/boot", "/sbin/x", "/lib/x", "/run/x", "/opt/x", "..", "../x", "../../x", "../../../x", "sub/../../x",
               "./../x", "sub/../..", ".", "./", "link", "link/x", "notes.txt", "papers", "a" * 5000,
               "sub/" + "x/" * 2100, "", "..//x", "sub/./../../x", "link/sub/x", "../proj/../../x", "./sub/../../../x",
               "/etc/../etc/x", "/usr", "/var", "/proc", "link/./x"]
    failures = []
    try:
        before = snapshot(sandbox)
        for i, path in enumerate(refused):
            script = os.path.join(proj, f"s{i}.exp")
            with open(script, "w") as f:
                f.write(SCRIPT.format(path=path.replace("\\", "\\\\").replace('"', '\\"')))
            label = path if len(path) < 40 else path[:20] + f"…({len(path)} bytes)"
            c = run(exp, ["check", script], proj)
            if c.returncode != 2 or "E0912" not in c.stderr:
                failures.append(f"{label!r}: exp check exit {c.returncode}: {c.stderr[-300:]}")
            r = run(exp, ["run", "--quiet", "--out", os.path.join(proj, "runs", str(i)), script], proj)
            if r.returncode != 2 or "E0912" not in r.stderr:
                failures.append(f"{label!r}: exp run exit {r.returncode}: {r.stderr[-300:]}")
            os.remove(script)
        after = snapshot(sandbox)
        new = sorted(p for p in after - before if not p.startswith(os.path.join("a", "b", "proj", "runs")))
        if new:
            failures.append(f"files created outside the run folders: {new[:10]}")
        if os.path.exists("/exp") or os.path.exists("/etc/exp"):
            failures.append("a file was created in a system folder")
        # Allowed: beside the script, and an absolute folder of the user's.
        for path, where in [("saved/best", os.path.join(proj, "saved", "best")),
                            (os.path.join(sandbox, "outside", "copy"), os.path.join(sandbox, "outside", "copy"))]:
            script = os.path.join(proj, "ok.exp")
            with open(script, "w") as f:
                f.write(SCRIPT.format(path=path))
            r = run(exp, ["run", "--quiet", script], proj)
            if r.returncode != 0 or not os.path.exists(os.path.join(where, "report.html")):
                failures.append(f"{path!r}: allowed save failed ({r.returncode}) or lacks report.html: {r.stderr[-300:]}")
        # Symlinks planted in a run folder redirect nothing.
        run_dir = os.path.join(proj, "planted")
        os.makedirs(run_dir)
        victim = os.path.join(sandbox, "outside", "victim")
        with open(victim, "w") as f:
            f.write("precious")
        for name in ["report.html", "report.json", "model.expm", "script.exp", ".report.json.tmp"]:
            os.symlink(victim, os.path.join(run_dir, name))
        r = run(exp, ["run", "--quiet", "--force", "--out", run_dir, os.path.join(proj, "ok.exp")], proj)
        with open(victim) as f:
            if f.read() != "precious":
                failures.append("a planted symlink redirected a write to the victim file")
        if r.returncode != 0:
            failures.append(f"run over planted symlinks failed: {r.stderr[-300:]}")
    finally:
        shutil.rmtree(sandbox, ignore_errors=True)
    harness.finish(f"{len(refused)} hostile paths", failures)


if __name__ == "__main__":
    main()
