#!/usr/bin/env python3
"""The layering of exp's sources, checked from their #include lines.

1. Libraries depend downwards only:
   stdlib < base < ir < {compiler, runtime} < cli
   (compiler and runtime never include each other).
2. Inside a library, no two folders depend on each other, directly or
   through others: the folder graph is acyclic. A folder's own top-level
   files (compiler/ast.h, compiler/driver.cpp) are its parent's shared
   vocabulary and orchestration, so edges between a folder and its
   ancestors do not count; edges between siblings and cousins do.

Exit code 1 with every offending include listed; 0 when the layers hold.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

LAYER = {"stdlib": 0, "base": 1, "ir": 2, "compiler": 3, "runtime": 3, "cli": 4}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(root):
    """(from_file, included_file) for every project include of the libraries."""
    for top in LAYER:
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                rel = os.path.relpath(path, root)
                for inc in INCLUDE.findall(text):
                    if inc.split("/")[0] in LAYER and os.path.exists(os.path.join(root, inc)):
                        yield rel, inc


def related(a, b):
    """True when one folder contains the other (or they are the same)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def find_cycles(edges):
    """Strongly connected components of more than one folder (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".")
    args = ap.parse_args()
    problems = []
    edges = defaultdict(lambda: defaultdict(list))
    for src, inc in includes(args.root):
        a, b = src.split("/")[0], inc.split("/")[0]
        if LAYER[b] > LAYER[a] or (LAYER[a] == LAYER[b] and a != b):
            problems.append(f"{src} includes {inc}: {a} must not depend on {b}")
            continue
        fa, fb = os.path.dirname(src), os.path.dirname(inc)
        if not related(fa, fb):
            edges[fa][fb].append(f"{src} -> {inc}")
    for comp in find_cycles(edges):
        problems.append("folders depend on each other: " + " <-> ".join(comp))
        for a in comp:
            for b in comp:
                for e in edges.get(a, {}).get(b, [])[:3]:
                    problems.append("    " + e)
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"layers hold: {sum(len(v) for v in edges.values())} folder dependencies, no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
