#!/usr/bin/env python3
"""Renders a sample report.html in headless Chromium and checks that it draws.

Usage: render_check.py --exp path/to/exp --root REPO [--keep DIR]

Writes report.html from tests/cli/fixtures/iris with `exp show --html`,
screenshots it with a fresh Chromium profile (no network, no sync, no GPU),
and checks the PNG is not blank: enough distinct colours, enough non-white
pixels. Pure Python (zlib) so it needs nothing beyond Chromium itself.
"""
import argparse, os, shutil, struct, subprocess, sys, tempfile, zlib

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

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--keep", help="copy report.html and the screenshot here")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html = os.path.join(tmp, "report.html")
        png = os.path.join(tmp, "screenshot.png")
        fixture = os.path.join(a.root, "tests/cli/fixtures/iris")
        subprocess.run([a.exp, "show", fixture, "--html", html], check=True, stdout=subprocess.DEVNULL)
        profile = os.path.join(tmp, "profile")
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1100,2400",
               "file://" + html]
        p = subprocess.run(cmd, capture_output=True, timeout=120)
        if not os.path.exists(png):
            sys.exit(f"render_check: Chromium wrote no screenshot (exit {p.returncode})\n{p.stderr.decode()[-2000:]}")
        width, height, rows = read_png(png)
        colours, ink = set(), 0
        for row in rows[::2]:
            for px in row[::2]:
                colours.add(px)
                if sum(px) < 600:  # noticeably darker than the near-white page
                    ink += 1
        sampled = ((height + 1) // 2) * ((width + 1) // 2)
        print(f"screenshot {width}x{height}: {len(colours)} distinct colours, {100.0 * ink / sampled:.1f}% ink")
        if a.keep:
            os.makedirs(a.keep, exist_ok=True)
            shutil.copy(html, a.keep)
            shutil.copy(png, a.keep)
        if len(colours) < 50 or ink < sampled * 0.01:
            sys.exit("render_check: the page looks blank")
    print("browser test: report.html renders")

if __name__ == "__main__":
    main()
