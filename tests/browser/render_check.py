#!/usr/bin/env python3
"""Renders report.html in headless Chromium and checks what it draws.

Usage: render_check.py --exp path/to/exp --root REPO [--keep DIR]

For each case — a pruned multi-fidelity study on iris, an unscaled
regression on house prices and a regression of two targets
(tests/browser/scripts/), a black-box study over a generated
100,000-option choice, plus the iris fixture
re-rendered by `exp show --html` — runs exp, then in a fresh Chromium
profile (no network, no sync, no GPU):
  * screenshots the page and checks the PNG is not blank (enough distinct
    colours, enough non-white pixels; pure Python zlib decoding);
  * loads the page with checks.js injected and reads its verdict from the
    DOM: no clipped or overlapping labels, no raw floats, no wrapped number
    cells, one quantity per learning-curve axis, every pruned trial on the
    optimization history, parallel-coordinate labels above the lines and
    log axes marked, named confusion-matrix axes, each trial's budget on the
    multi-fidelity plot, predicted-vs-actual and residual plots for a
    regression. The expected counts come from the run's report.json.
"""
import argparse, html as htmllib, json, os, re, shutil, struct, subprocess, sys, tempfile, zlib

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("render_check: Chromium not found (scripts/setup.sh --browser installs it)")

def read_png(path):
    """Decodes an 8-bit RGB/RGBA non-interlaced PNG into (width, height, rows of pixel tuples)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if ftype == 1: line[x] = (line[x] + a) & 255
            elif ftype == 2: line[x] = (line[x] + b) & 255
            elif ftype == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        prev = line
    return width, height, rows

def browser(args, profile, timeout=120):
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--window-size=1100,2400"] + args
    return subprocess.run(cmd, capture_output=True, timeout=timeout)

def check_blank(page, png, tmp):
    p = browser([f"--screenshot={png}", "file://" + page], os.path.join(tmp, "profile-shot"))
    if not os.path.exists(png):
        return [f"Chromium wrote no screenshot (exit {p.returncode})\n{p.stderr.decode()[-2000:]}"]
    width, height, rows = read_png(png)
    colours, ink = set(), 0
    for row in rows[::2]:
        for px in row[::2]:
            colours.add(px)
            if sum(px) < 600:  # noticeably darker than the near-white page
                ink += 1
    sampled = ((height + 1) // 2) * ((width + 1) // 2)
    print(f"  screenshot {width}x{height}: {len(colours)} distinct colours, {100.0 * ink / sampled:.1f}% ink")
    if len(colours) < 50 or ink < sampled * 0.01:
        return ["the page looks blank"]
    return []

def expectations(report):
    """What the page must show, from report.json (one model: the top level)."""
    e = {"plots": []}
    trials = report.get("trials", [])
    if trials:
        drawable = lambda t: t["state"] == "complete" or (t["state"] == "pruned" and (t.get("value") is not None or t.get("intermediate")))
        e["trials"] = {s: sum(1 for t in trials if t["state"] == s and drawable(t)) for s in ("complete", "pruned")}
        e["plots"] += ["history", "parallel"]
        e["log_axes"] = [h["name"] for h in report.get("search_space", [])
                         if h.get("kind") == "loguniform" or h.get("log")]
        if any(t["state"] == "pruned" for t in trials):
            e["budgets"] = {str(t["number"]): len(t["intermediate"]) for t in trials if t.get("intermediate")}
            e["plots"].append("budgets")
    if "confusion" in report:
        e["plots"].append("confusion")
    if "test_fit" in report:
        # every test row, up to the sample's cap (runtime/report/fit_sample.h)
        e["fit_points"] = min(report["data"]["rows"]["test"], 500)
    if report.get("history"):
        e["plots"].append("learning-curve")
    return e

def check_layout(page, report, checks_js, tmp):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    script = "<script>window.EXPECTED = " + json.dumps(expectations(report)) + ";</script><script>" + checks_js + "</script>"
    checked = os.path.join(tmp, "checked.html")
    with open(checked, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", script + "</body>"))
    p = browser(["--dump-dom", "--virtual-time-budget=5000", "file://" + checked], os.path.join(tmp, "profile-dom"))
    m = re.search(r'<pre id="exp-browser-check">(.*?)</pre>', p.stdout.decode("utf-8", "replace"), re.S)
    if not m:
        return [f"the checks did not run (exit {p.returncode})\n{p.stderr.decode()[-2000:]}"]
    return json.loads(htmllib.unescape(m.group(1)))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--keep", help="copy each case's report.html and screenshot here")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "checks.js"), encoding="utf-8") as f:
        checks_js = f.read()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for name in ("iris_pruned", "houses_regression", "iris_two_targets"):
            out = os.path.join(tmp, name)
            p = subprocess.run([a.exp, "run", os.path.join(here, "scripts", name + ".exp"), "--out", out],
                               capture_output=True, text=True)
            if p.returncode != 0:  # the run's own output says why
                sys.exit(f"render_check: exp run {name}.exp failed (exit {p.returncode})\n{p.stdout}{p.stderr}")
            cases.append((name, out))
        # A black-box study over a generated 100,000-option choice: its
        # parallel-coordinates axis shows the values the 30 trials used.
        huge = os.path.join(tmp, "huge_choice.exp")
        with open(huge, "w", encoding="utf-8") as f:
            f.write("seed 2\nhyper x ~ choice(%s)\nhyper y ~ uniform(0, 1)\n"
                    "tune {\n  method = random\n  trials = 30\n  minimize = (x / 1000 - 50) ^ 2 + y\n}\n"
                    % ", ".join(str(i) for i in range(100000)))
        out = os.path.join(tmp, "huge_choice")
        subprocess.run([a.exp, "run", huge, "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        cases.append(("huge_choice", out))
        fixture = os.path.join(tmp, "iris_fixture")
        os.makedirs(fixture)
        subprocess.run([a.exp, "show", os.path.join(a.root, "tests/cli/fixtures/iris"), "--html",
                        os.path.join(fixture, "report.html")], check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(a.root, "tests/cli/fixtures/iris/report.json"), fixture)
        cases.append(("iris_fixture", fixture))
        for name, folder in cases:
            print(f"{name}:")
            with open(os.path.join(folder, "report.json"), encoding="utf-8") as f:
                report = json.load(f)
            page, png = os.path.join(folder, "report.html"), os.path.join(folder, "screenshot.png")
            problems = []
            if name != "iris_fixture" and report.get("trials") and "parallel" not in report.get("study", {}):
                problems.append("report.json: study.parallel is missing")
            problems += check_blank(page, png, tmp)
            problems += check_layout(page, report, checks_js, tmp)
            for p in problems:
                print("  FAIL " + p)
            if not problems:
                print("  ok: renders, and every layout check passed")
            failed += bool(problems)
            if a.keep:
                dest = os.path.join(a.keep, name)
                os.makedirs(dest, exist_ok=True)
                for f in (page, png):
                    if os.path.exists(f):
                        shutil.copy(f, dest)
    if failed:
        sys.exit(f"render_check: {failed} of {len(cases)} pages failed")
    print("browser test: every report.html renders and passes its layout checks")

if __name__ == "__main__":
    main()
