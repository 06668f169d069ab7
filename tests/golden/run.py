#!/usr/bin/env python3
"""Golden and end-to-end script tests for exp.

A suite is a folder of cases. Each case is a file (`.exp`, or `.cmd` for CLI
cases) whose header lines configure it:

    # exp: check --format json {file}     arguments (default per suite below)
    # exit: 2                              expected exit code (default 0)
    # expect: test.accuracy >= 0.9         a floor/ceiling read from the run's report.json
    # stdin: path/to/input.txt             feed a file on standard input (REPL transcripts)

and, for golden cases, a sibling `<case>.out` holding the expected combined
output (stdout then stderr) with timings and paths masked. Run with
`--update` to rewrite the .out files on purpose (scripts/update-goldens.sh).
"""
import argparse, json, os, re, subprocess, sys, tempfile

SUITES = {
    # suite: (folder, default args, golden output?)
    "diagnostics": ("tests/diagnostics", "check {file}", True),
    "ir": ("examples", "check --dump-ir {file}", True),
    "examples": ("examples", "run --quiet --out {out} {file}", False),
    "hostile": ("tests/hostile", "check {file}", True),
    "cli": ("tests/cli", "{args}", True),
}
GOLDEN_DIRS = {"ir": "tests/ir"}  # where goldens live when the inputs are elsewhere

MASKS = [
    (re.compile(r"\d+(\.\d+)?\s?(ms|s|µs)\b"), "<time>"),
    (re.compile(r"\b\d{8}-\d{6}\b"), "<timestamp>"),
    (re.compile(r"(runs|tmp)/[^\s\"']+"), r"\1/<path>"),
]

def header(path):
    conf = {"args": None, "exit": 0, "expect": [], "stdin": None}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"#\s*(exp|exit|expect|stdin):\s*(.*)", line.strip())
            if not m:
                if line.strip() and not line.startswith("#"):
                    break
                continue
            key, val = m.groups()
            if key == "exp": conf["args"] = val
            elif key == "exit": conf["exit"] = int(val)
            elif key == "expect": conf["expect"].append(val)
            elif key == "stdin": conf["stdin"] = val
    return conf

def mask(text, root):
    text = text.replace(root + "/", "")
    for rx, rep in MASKS:
        text = rx.sub(rep, text)
    return text

def lookup(report, dotted):
    node = report.get("metrics", {})
    for part in dotted.split("."):
        node = node[part]
    return float(node)

def check_expect(expr, report):
    m = re.match(r"([\w.]+)\s*(>=|<=|>|<)\s*([-\d.eE]+)$", expr)
    if not m:
        return f"bad expect line: {expr}"
    key, op, bound = m.group(1), m.group(2), float(m.group(3))
    try:
        value = lookup(report, key)
    except (KeyError, TypeError, ValueError):
        return f"report.json has no metric {key}"
    ok = {">=": value >= bound, "<=": value <= bound, ">": value > bound, "<": value < bound}[op]
    return None if ok else f"{key} = {value:.4f}, expected {op} {bound}"

def run_case(exp, root, suite, case, update):
    folder, default_args, golden = SUITES[suite]
    conf = header(case)
    rel = os.path.relpath(case, root)
    with tempfile.TemporaryDirectory() as out:
        args = (conf["args"] or default_args).format(file=rel, out=out, args="")
        stdin = open(os.path.join(root, conf["stdin"]), "rb") if conf["stdin"] else subprocess.DEVNULL
        env = dict(os.environ, NO_COLOR="1", EXP_NO_PROGRESS="1")
        try:
            p = subprocess.run([exp] + args.split(), cwd=root, stdin=stdin, capture_output=True, timeout=600, env=env)
        except subprocess.TimeoutExpired:
            return "timed out"
        finally:
            if conf["stdin"]: stdin.close()
        output = mask(p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace"), root)
        problems = []
        if p.returncode != conf["exit"]:
            problems.append(f"exit code {p.returncode}, expected {conf['exit']}\n{output[-3000:]}")
        if conf["expect"] and not golden:  # expect lines read a run's report; golden suites only check
            try:
                with open(os.path.join(out, "report.json")) as f:
                    report = json.load(f)
                problems += [e for e in (check_expect(x, report) for x in conf["expect"]) if e]
            except (OSError, ValueError) as err:
                problems.append(f"no readable report.json: {err}\n{output[-3000:]}")
    if golden:
        gdir = os.path.join(root, GOLDEN_DIRS.get(suite, folder))
        expected_path = os.path.join(gdir, os.path.splitext(os.path.basename(case))[0] + ".out")
        actual = f"exit: {p.returncode}\n{output}"
        if update:
            os.makedirs(gdir, exist_ok=True)
            with open(expected_path, "w") as f:
                f.write(actual)
        elif not os.path.exists(expected_path):
            problems.append(f"missing golden {os.path.relpath(expected_path, root)} (run scripts/update-goldens.sh)")
        else:
            with open(expected_path) as f:
                expected = f.read()
            if expected != actual:
                import difflib
                diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
                problems.append("output differs:\n" + diff)
    return "\n".join(problems) or None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--suite", required=True, choices=SUITES)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    folder = os.path.join(root, SUITES[a.suite][0])
    ext = ".cmd" if a.suite == "cli" else ".exp"
    cases = a.cases or sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(ext)) if os.path.isdir(folder) else []
    passed = failed = 0
    for case in cases:
        problem = run_case(os.path.abspath(a.exp), root, a.suite, case, a.update)
        if problem:
            failed += 1
            print(f"FAIL {os.path.relpath(case, root)}\n{problem}\n")
        else:
            passed += 1
    print(f"{a.suite}: {passed} passed, {failed} failed")
    return 1 if failed or not cases else 0

if __name__ == "__main__":
    sys.exit(main())
