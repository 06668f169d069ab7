#!/usr/bin/env python3
"""A conversation with `exp lsp`, as an editor has it: initialize → didOpen →
diagnostics → completion → hover → definition → documentSymbol → didChange
(the error fixed: diagnostics cleared) → formatting → shutdown → exit.

Every answer is checked against what the script says (positions are
0-based lines and UTF-16 characters). Each read has a deadline, so a server
that hangs fails the test instead of stalling CI.
Usage: conversation.py --exp build/cli/exp --root .
"""
import argparse, json, os, select, subprocess, sys, time

SCRIPT = """seed 1
data flowers = iris
split flowers { train: 0.6, val: 0.2, test: 0.2 }

hyper lr ~ loguniform(1e-3, 1e-1)
hyper width = 16

model net(x: [F]) -> [C] {
  param W1: [F, width] ~ glorot
  param b1: [width] ~ zeros
  param W2: [width, C] ~ glorot
  h = relu(x @ W1 + b1)
  return h @ W2 + b2
}

train net on flowers {
  loss = cross_entropy(net(x), y)
  optimizer = adam(lr)
  epochs = 5
}

tune net {
  maximize = val.accuracy
  trials = 2
}
"""
FIXED = SCRIPT.replace("  param W2: [width, C] ~ glorot\n", "  param W2: [width, C] ~ glorot\n  param b2: [C] ~ zeros\n")

class Client:
    def __init__(self, exp):
        self.p = subprocess.Popen([exp, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buf = b""
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self, deadline=20):
        end = time.time() + deadline
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = end - time.time()
            if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
                raise AssertionError("no answer from exp lsp within %d s" % deadline)
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError("exp lsp closed its output: " + self.p.stderr.read().decode())
            self.buf += chunk

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid:
                assert "error" not in m, f"{method}: {m['error']}"
                return m["result"]

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

def pos(text, needle, offset=0, occurrence=0):
    """The LSP position of `needle` (its n-th occurrence) plus `offset` characters."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    return {"line": line, "character": at - (text.rfind("\n", 0, at) + 1)}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--root", required=True)
    a = ap.parse_args()
    uri = "file://" + os.path.abspath(os.path.join(a.root, "tests", "lsp", "conversation.exp"))
    c = Client(a.exp)
    doc = {"textDocument": {"uri": uri}}

    init = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    caps = init["capabilities"]
    assert caps["hoverProvider"] and caps["definitionProvider"] and caps["documentSymbolProvider"], caps
    assert caps["textDocumentSync"]["change"] == 1 and "completionProvider" in caps, caps
    assert caps["documentFormattingProvider"], caps
    c.notify("initialized", {})

    # A body that is not JSON gets a parse error and the server goes on; a
    # document never opened has nothing to say.
    c.p.stdin.write(b"Content-Length: 5\r\n\r\n{oops")
    c.p.stdin.flush()
    m = c.read()
    assert m["id"] is None and m["error"]["code"] == -32700, m
    assert c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.exp"},
                                            "position": {"line": 0, "character": 0}}) is None

    # The script uses b2 without declaring it: the same E0101 exp check reports, 0-based.
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "exp", "version": 1, "text": SCRIPT}})
    diags = c.diagnostics(uri)
    assert len(diags) == 1, diags
    d = diags[0]
    assert d["code"] == "E0101" and d["severity"] == 1 and "`b2`" in d["message"], d
    assert d["range"]["start"] == pos(SCRIPT, "b2\n}"), d["range"]
    assert d["range"]["end"] == pos(SCRIPT, "b2\n}", 2), d["range"]
    check = subprocess.run([a.exp, "check", "--format", "json", "/dev/stdin"], input=SCRIPT.encode(), capture_output=True)
    assert json.loads(check.stdout)["diagnostics"][0]["code"] == "E0101", check.stdout  # as exp check says

    # Completion at the start of a line in the model: keywords, built-ins with signatures, names in scope.
    items = c.request("textDocument/completion", {**doc, "position": pos(SCRIPT, "  h = relu", 2)})["items"]
    labels = {i["label"]: i for i in items}
    for name in ["param", "return", "relu", "adam", "lr", "width", "net", "flowers", "W1", "x"]:
        assert name in labels, (name, sorted(labels))
    assert labels["adam"]["detail"].startswith("adam(lr"), labels["adam"]
    assert labels["lr"]["detail"] == "hyper lr ~ loguniform(1e-3, 1e-1)", labels["lr"]

    # Hover: a hyper's search space, a built-in's doc, a param's declaration and an expression's shape.
    h = c.request("textDocument/hover", {**doc, "position": pos(SCRIPT, "adam(lr)", 6)})
    assert "loguniform(1e-3, 1e-1)" in h["contents"]["value"] and "searched" in h["contents"]["value"], h
    h = c.request("textDocument/hover", {**doc, "position": pos(SCRIPT, "relu(x", 1)})
    assert "relu" in h["contents"]["value"] and "activation" in h["contents"]["value"], h
    h = c.request("textDocument/hover", {**doc, "position": pos(SCRIPT, "W1 + b1", 0)})
    assert "param W1: [F, width] ~ glorot" in h["contents"]["value"], h

    # Definition: a hyper used in a shape, a model named by train, a data set.
    loc = c.request("textDocument/definition", {**doc, "position": pos(SCRIPT, "[width, C]", 1)})
    assert loc["uri"] == uri and loc["range"]["start"] == pos(SCRIPT, "width = 16"), loc
    loc = c.request("textDocument/definition", {**doc, "position": pos(SCRIPT, "train net", 7)})
    assert loc["range"]["start"] == pos(SCRIPT, "net(x: [F])"), loc
    loc = c.request("textDocument/definition", {**doc, "position": pos(SCRIPT, "on flowers", 4)})
    assert loc["range"]["start"] == pos(SCRIPT, "flowers = iris"), loc

    # Symbols: the declarations in order, the model's items as its children.
    symbols = c.request("textDocument/documentSymbol", doc)
    names = [s["name"] for s in symbols]
    assert names == ["flowers", "split flowers", "lr", "width", "net", "train net on flowers", "tune net"], names
    net = symbols[names.index("net")]
    assert [s["name"] for s in net["children"]] == ["x", "W1", "b1", "W2", "h"], net["children"]

    # The fix typed in: the diagnostics clear; hover now types the fixed body.
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": FIXED}]})
    assert c.diagnostics(uri) == [], "the fixed script has no diagnostics"
    h = c.request("textDocument/hover", {**doc, "position": pos(FIXED, "h @ W2", 0)})
    assert "[width]" in h["contents"]["value"], h  # the local's shape from the shape pass

    # Formatting: exp fmt's layout as one edit of the whole document (the settings line up).
    edits = c.request("textDocument/formatting", {**doc, "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1 and "  loss      = cross_entropy" in edits[0]["newText"], edits
    assert edits[0]["range"]["start"] == {"line": 0, "character": 0}, edits

    # `net.` being typed (a syntax error for now): its completion is the model's items only.
    typing = FIXED + "print net.\n"
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typing}]})
    assert c.diagnostics(uri), "an unfinished `net.` is a syntax error"
    members = c.request("textDocument/completion", {**doc, "position": pos(typing, "net.\n", 4)})["items"]
    assert [i["label"] for i in members] == ["x", "W1", "b1", "W2", "b2", "h"], members

    # An unknown request is an error, not a crash; then the orderly end.
    c.send({"jsonrpc": "2.0", "id": 99, "method": "textDocument/rename", "params": {}})
    m = c.read()
    assert m["id"] == 99 and m["error"]["code"] == -32601, m
    assert c.request("shutdown", None) is None
    c.notify("exit", None)
    assert c.p.wait(timeout=10) == 0, "exit after shutdown is exit code 0"
    print("lsp conversation: ok (%d completion items, %d after `net.`)" % (len(items), len(members)))
    return 0

if __name__ == "__main__":
    sys.exit(main())
