#!/usr/bin/env python3
"""The VS Code extension (editors/vscode/) checked without VS Code:

* its JSON files parse and package.json names files that exist;
* the TextMate grammar's keywords are the lexer's (grammar/Exp.g4) and its
  built-ins are the registry's (`exp help`); `--update` rewrites the
  built-in list from the registry;
* every regex compiles, and a small TextMate engine (first match wins,
  earliest start first, begin/end rules, captures) tokenizes every example:
  each keyword, comment, string and number an independent scan of the
  example finds gets the matching scope.

Python's `re` stands in for Oniguruma: the grammar sticks to the syntax both
share (fixed-width lookbehind, lookahead, classes).
Usage: vscode_grammar.py --exp build/cli/exp --root . [--update]
"""
import argparse, json, os, re, subprocess, sys

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)

def lexer_keywords(root):
    text = open(os.path.join(root, "grammar", "Exp.g4"), encoding="utf-8").read()
    return set(re.findall(r"^[A-Z]+ : '([a-z]+)' ;", text, re.M))

def registry_builtins(exp, root):
    out = subprocess.run([exp, "help"], cwd=root, capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines()[2:]:
        if line.startswith("    "):
            names.update(n.strip() for n in line.split(","))
    return names

def alternation(rule):
    m = re.search(r"\(([a-z0-9_|]+)\)", rule["match"])
    return set(m.group(1).split("|"))

class Engine:
    """Enough of TextMate's tokenizer for a grammar of one-line rules."""
    def __init__(self, grammar):
        self.repo = grammar["repository"]
        self.top = self.resolve(grammar["patterns"])

    def resolve(self, patterns):
        rules = []
        for p in patterns:
            if "include" in p:
                rules += self.resolve([self.repo[p["include"][1:]]])
            elif "patterns" in p and "begin" not in p:
                rules += self.resolve(p["patterns"])
            else:
                rule = dict(p)
                for key in ("match", "begin", "end"):
                    if key in rule:
                        rule[key + "_re"] = re.compile(rule[key])
                if "patterns" in rule:
                    rule["inner"] = self.resolve(rule["patterns"])
                rules.append(rule)
        return rules

    @staticmethod
    def first(rules, line, pos, key):
        best = None
        for r in rules:
            m = r[key + "_re"].search(line, pos) if key + "_re" in r else None
            if m and (best is None or m.start() < best[1].start()):
                best = (r, m)
        return best

    def tokenize(self, line):
        scopes = [None] * len(line)
        def paint(a, b, name):
            for i in range(a, b):
                scopes[i] = name
        pos = 0
        while pos < len(line):
            # the earliest match of any rule; on a tie, the rule listed first
            cands = []
            for r in self.top:
                key = "match" if "match_re" in r else "begin"
                m = r[key + "_re"].search(line, pos)
                if m: cands.append((m.start(), self.top.index(r), r, m, key))
            if not cands:
                break
            _, _, rule, m, key = min(cands, key=lambda c: (c[0], c[1]))
            if key == "match":
                if "name" in rule: paint(m.start(), m.end(), rule["name"])
                for g, cap in rule.get("captures", {}).items():
                    if m.group(int(g)) is not None: paint(m.start(int(g)), m.end(int(g)), cap["name"])
                pos = max(m.end(), pos + 1)
                continue
            start, p = m.start(), m.end()
            while True:  # inside a begin/end rule: inner patterns or the end, whichever comes first
                end = rule["end_re"].search(line, p)
                inner = self.first(rule.get("inner", []), line, p, "match")
                if inner and (not end or inner[1].start() < end.start()):
                    p = max(inner[1].end(), p + 1)
                    continue
                stop = end.end() if end else len(line)
                paint(start, stop, rule["name"])
                for im in (ir for ir in rule.get("inner", [])):
                    for x in im["match_re"].finditer(line, start, stop):
                        paint(x.start(), x.end(), im["name"])
                pos = max(stop, pos + 1)
                break
        return scopes

TOKEN = re.compile(r'(?P<comment>#.*)|(?P<string>"(\\.|[^"\\])*"?)|(?P<number>(?<![\w.])(\d+(\.\d+)?([eE][-+]?\d+)?|\.\d+)(?![\w.]))'
                   r'|(?P<word>[A-Za-z_]\w*)|(?P<other>\S)')

def expected_tokens(line, keywords):
    """(position, kind) of what an independent scan finds: comments, strings, numbers, keywords."""
    out = []
    for m in TOKEN.finditer(line):
        kind = m.lastgroup
        if kind == "word":
            if m.group() in keywords and not line[:m.start()].rstrip().endswith("."):
                out.append((m.start(), "keyword", m.group()))
        elif kind in ("comment", "string", "number"):
            out.append((m.start(), kind, m.group()))
    return out

SCOPE_PREFIX = {"keyword": "keyword.", "comment": "comment.", "string": "string.", "number": "constant.numeric."}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    ext = os.path.join(a.root, "editors", "vscode")
    package = load(os.path.join(ext, "package.json"))
    load(os.path.join(ext, "language-configuration.json"))
    contributes = package["contributes"]
    for path in [package["main"]] + [l["configuration"] for l in contributes["languages"]] + [g["path"] for g in contributes["grammars"]]:
        assert os.path.exists(os.path.join(ext, path)), f"package.json names {path}, which does not exist"
    grammar_path = os.path.join(ext, contributes["grammars"][0]["path"])
    grammar = load(grammar_path)
    assert grammar["scopeName"] == contributes["grammars"][0]["scopeName"]

    builtins = registry_builtins(a.exp, a.root)
    rule = grammar["repository"]["builtin"]
    if a.update:
        listed = "|".join(sorted(builtins))
        rule["match"] = re.sub(r"\(\(?[A-Za-z0-9_|]+\)", "(" + listed + ")", rule["match"], count=1)
        with open(grammar_path, "w", encoding="utf-8") as f:
            json.dump(grammar, f, indent=2)
            f.write("\n")
        print(f"updated the built-ins of {os.path.relpath(grammar_path, a.root)}: {len(builtins)} names")
    assert alternation(rule) == builtins, ("the grammar's built-ins differ from the registry: run with --update",
                                            sorted(alternation(rule) ^ builtins))
    keywords = lexer_keywords(a.root)
    listed = set()
    for r in grammar["repository"]["keyword"]["patterns"]:
        listed |= alternation(r)
    assert listed == keywords, ("the grammar's keywords differ from grammar/Exp.g4", sorted(listed ^ keywords))

    engine = Engine(grammar)
    examples = sorted(f for f in os.listdir(os.path.join(a.root, "examples")) if f.endswith(".exp"))
    checked = 0
    for name in examples:
        with open(os.path.join(a.root, "examples", name), encoding="utf-8") as f:
            for n, line in enumerate(f.read().splitlines(), 1):
                scopes = engine.tokenize(line)
                for at, kind, text in expected_tokens(line, keywords):
                    got = scopes[at] or ""
                    assert got.startswith(SCOPE_PREFIX[kind]), f"examples/{name}:{n}:{at + 1}: {kind} `{text}` got scope `{got}`"
                    checked += 1
    print(f"vscode grammar: ok ({len(examples)} examples, {checked} tokens checked, "
          f"{len(keywords)} keywords, {len(builtins)} built-ins)")
    return 0

if __name__ == "__main__":
    sys.exit(main())
