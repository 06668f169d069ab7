#!/usr/bin/env python3
"""Refreshes the examples in docs/errors.md from the diagnostic goldens.

Every block between
    <!-- golden: tests/diagnostics/e0101_undefined_name -->
    <!-- end golden -->
is replaced by the case's script (verbatim, so line numbers match) and its
rendered output (the .out golden, without the exit line), so the reference
always shows what `exp check` really prints. Run after updating goldens:
    python3 scripts/update-errors-doc.py
"""
import os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "errors.md")
BLOCK = re.compile(r"(<!-- golden: (\S+) -->\n)(.*?)(<!-- end golden -->)", re.S)

def script_body(path):
    # Verbatim, header comments included, so the line numbers in the output match.
    return open(path, encoding="utf-8").read().strip("\n")

def output(path):
    text = open(path, encoding="utf-8").read()
    return re.sub(r"^exit: \d+\n", "", text).rstrip("\n")

def render(match):
    case = os.path.join(ROOT, match.group(2))
    if not os.path.exists(case + ".exp") or not os.path.exists(case + ".out"):
        sys.exit(f"missing {match.group(2)}.exp or .out")
    body = f"```\n{script_body(case + '.exp')}\n```\n\n```text\n$ exp check {match.group(2)}.exp\n{output(case + '.out')}\n```\n"
    return match.group(1) + body + match.group(4)

def main():
    doc = open(DOC, encoding="utf-8").read()
    new = BLOCK.sub(render, doc)
    if "--check" in sys.argv:
        sys.exit(0 if new == doc else "docs/errors.md is out of date: run scripts/update-errors-doc.py")
    open(DOC, "w", encoding="utf-8").write(new)

if __name__ == "__main__":
    main()
