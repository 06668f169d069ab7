#!/usr/bin/env python3
"""Golden and end-to-end script tests for exp.

A suite is a folder of cases. Each case is a file (`.exp`; `.cmd` for CLI
cases; `.repl` for REPL sessions) whose leading comment lines configure it:

    # exp: check --format json {file}     arguments (default per suite below)
    # exit: 2                              expected exit code (default 0)
    # expect: test.accuracy >= 0.9         a floor/ceiling read from the run's report.json
    # stdin: path/to/input.txt             feed a file on standard input
    # setup: run --quiet --out {out} F     an exp command run first (repeatable; must exit 0)
    # mask: floats                         also mask decimal numbers (trained values vary by build)
    # mask: dates                          also mask dates and times (2026-11-27 01:02, ISO 8601)
    # mask: columns                        collapse runs of spaces (tables sized by masked values)
    # mask: backend                        mask the library behind matrix products (`exp --version`)
    # generate: "(" * 20000 + "1"          the input is this Python expression's value (str or
                                             bytes), written to {out}/<case>.exp at test time

`{file}` is the case (or the generated input), `{out}` a fresh temporary folder
shown as `<out>` in the output. A `.repl` case is itself the session: its lines
after the header are piped into `exp repl --quiet`.

Golden cases have a sibling `<case>.out` holding the expected combined output
(stdout then stderr) with timings and paths masked. Run with `--update` to
rewrite the .out files on purpose (scripts/update-goldens.sh).
"""
import argparse, difflib, json, os, re, subprocess, sys, tempfile

SUITES = {
    # suite: (folder, case extension, default args, golden output?)
    "diagnostics": ("tests/diagnostics", ".exp", "check {file}", True),
    "ir": ("examples", ".exp", "check --dump-ir {file}", True),
    "examples": ("examples", ".exp", "run --quiet --out {out} {file}", False),  # and `exp fmt --check`
    "hostile": ("tests/hostile", ".exp", "check {file}", True),
    "cli": ("tests/cli", ".cmd", "{args}", True),
    "repl": ("tests/repl", ".repl", "repl --quiet", True),
}
GOLDEN_DIRS = {"ir": "tests/ir"}  # where goldens live when the inputs are elsewhere

MASKS = [
    (re.compile(r"\d+(\.\d+)?[ ]?(ms|s|µs|min)\b"), "<time>"),
    (re.compile(r"\b\d{8}-\d{6}\b"), "<timestamp>"),
    (re.compile(re.escape(tempfile.gettempdir()) + r"/exp-[^\s\"'`)]+"), "<tmp>"),
]
OPTIONAL_MASKS = {
    "dates": (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}Z?)?"), "<date>"),
    "floats": (re.compile(r"(?<![\w.])-?\d+\.\d+(e[-+]?\d+)?|(?<![\w.])-?\d+e[-+]?\d+"), "<num>"),
    # After the masks above: table columns sized by masked values (a trained
    # number's digits) would still shift; runs of spaces count as one gap.
    "columns": (re.compile(r"[ ]{2,}"), "  "),
    # OpenBLAS or Eigen, chosen per machine (cmake/blas.cmake)
    "backend": (re.compile(r"(?<=matrix products: ).+"), "<backend>"),
}
HEADER = re.compile(r"#\s*(exp|exit|expect|stdin|setup|mask|generate):\s*(.*)")

def header(path):
    conf = {"args": None, "exit": 0, "expect": [], "stdin": None, "setup": [], "mask": [], "generate": None,
            "header_lines": 0}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            text = line.strip().lstrip("\ufeff")
            m = HEADER.match(text)
            if not m:
                if text and not text.startswith("#"):
                    break
                if not text.startswith("#"):
                    continue
                conf["header_lines"] = n + 1
                continue
            conf["header_lines"] = n + 1
            key, val = m.groups()
            if key == "exp": conf["args"] = val
            elif key == "exit": conf["exit"] = int(val)
            elif key == "expect": conf["expect"].append(val)
            elif key == "stdin": conf["stdin"] = val
            elif key == "setup": conf["setup"].append(val)
            elif key == "mask": conf["mask"].append(val)
            elif key == "generate": conf["generate"] = val
    return conf

def mask(text, root, out, extra):
    text = text.replace(out, "<out>").replace(root + "/", "")
    for rx, rep in MASKS + [OPTIONAL_MASKS[name] for name in extra]:
        text = rx.sub(rep, text)
    return text

def lookup(report, dotted):
    node = report.get("metrics", {})
    for part in dotted.split("."):
        node = node[part]
    return float(node)

def check_expect(expr, report):
    m = re.match(r"([\w.\[\]]+)\s*(>=|<=|>|<)\s*([-\d.eE]+)$", expr)
    if not m:
        return f"bad expect line: {expr}"
    key, op, bound = m.group(1), m.group(2), float(m.group(3))
    try:
        value = lookup(report, key)
    except (KeyError, TypeError, ValueError):
        return f"report.json has no metric {key}"
    ok = {">=": value >= bound, "<=": value <= bound, ">": value > bound, "<": value < bound}[op]
    return None if ok else f"{key} = {value:.4f}, expected {op} {bound}"

def generated_input(expr, case, out):
    """Writes the value of a `# generate:` expression next to the run and returns its path."""
    value = eval(expr, {"__builtins__": {}, "range": range, "chr": chr, "bytes": bytes, "str": str})
    path = os.path.join(out, os.path.basename(case))
    with open(path, "wb") as f:
        f.write(value if isinstance(value, bytes) else value.encode("utf-8"))
    return path

def session_input(case, conf):
    """The lines of a .repl case after its header, as bytes for the REPL's standard input."""
    with open(case, "rb") as f:
        lines = f.read().split(b"\n")
    return b"\n".join(lines[conf["header_lines"]:])

def run_exp(exp, args, root, stdin, env):
    return subprocess.run([exp] + args.split(), cwd=root, input=stdin, capture_output=True, timeout=600, env=env)

def run_case(exp, root, suite, case, update):
    folder, _, default_args, golden = SUITES[suite]
    conf = header(case)
    rel = os.path.relpath(case, root)
    env = dict(os.environ, NO_COLOR="1", EXP_NO_PROGRESS="1")
    env.pop("CI", None)
    problems = []
    with tempfile.TemporaryDirectory(prefix="exp-golden-") as out:
        file = generated_input(conf["generate"], case, out) if conf["generate"] else rel
        fmt = lambda s: s.format(file=file, out=out, args="")
        stdin = b""
        if conf["stdin"]:
            with open(os.path.join(root, conf["stdin"]), "rb") as f:
                stdin = f.read()
        elif suite == "repl":
            stdin = session_input(case, conf)
        try:
            for setup in conf["setup"]:
                s = run_exp(exp, fmt(setup), root, b"", env)
                if s.returncode != 0:
                    return f"setup `{setup}` exited {s.returncode}\n{(s.stdout + s.stderr).decode('utf-8', 'replace')[-3000:]}"
            p = run_exp(exp, fmt(conf["args"] or default_args), root, stdin, env)
        except subprocess.TimeoutExpired:
            return "timed out"
        output = mask(p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace"), root, out, conf["mask"])
        if p.returncode != conf["exit"]:
            problems.append(f"exit code {p.returncode}, expected {conf['exit']}\n{output[-3000:]}")
        if conf["expect"] and not golden:  # expect lines read a run's report; golden suites only check
            try:
                with open(os.path.join(out, "report.json")) as f:
                    report = json.load(f)
                problems += [e for e in (check_expect(x, report) for x in conf["expect"]) if e]
            except (OSError, ValueError) as err:
                problems.append(f"no readable report.json: {err}\n{output[-3000:]}")
    if suite == "examples":  # the examples are what users copy: each in `exp fmt`'s layout
        f = run_exp(exp, f"fmt --check {rel}", root, b"", env)
        if f.returncode != 0:
            problems.append(f"not in `exp fmt` layout (exit {f.returncode}): run `exp fmt --write {rel}`\n"
                            + (f.stdout + f.stderr).decode("utf-8", "replace")[-3000:])
    if golden:
        gdir = os.path.join(root, GOLDEN_DIRS.get(suite, folder))
        expected_path = os.path.join(gdir, os.path.splitext(os.path.basename(case))[0] + ".out")
        actual = f"exit: {p.returncode}\n{output}"
        if update:
            os.makedirs(gdir, exist_ok=True)
            with open(expected_path, "w", encoding="utf-8") as f:
                f.write(actual)
        elif not os.path.exists(expected_path):
            problems.append(f"missing golden {os.path.relpath(expected_path, root)} (run scripts/update-goldens.sh)")
        else:
            with open(expected_path, encoding="utf-8") as f:
                expected = f.read()
            if expected != actual:
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
    folder, ext = os.path.join(root, SUITES[a.suite][0]), SUITES[a.suite][1]
    if a.cases:
        cases = [os.path.abspath(c) for c in a.cases]
    else:
        cases = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(ext)) if os.path.isdir(folder) else []
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
