"""What a run folder must satisfy after any failure or crash (docs/reliability.md):
no temporary left under any name, report.json present only with a complete
bundle (valid JSON, a model file whose checksum holds), study trials numbered
without gaps among the finished ones and none in an unknown state."""
import json
import os
import sqlite3
import struct

MASK = (1 << 64) - 1


def fnv1a(data):
    h = 1469598103934665603
    for b in data:
        h ^= b
        h = (h * 1099511628211) & MASK
    return h


def model_ok(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 16 or not data.startswith(b"EXPMODEL"):
        return False
    return struct.unpack("<Q", data[-8:])[0] == fnv1a(data[:-8])


def problems(folder):
    """A list of what is wrong with `folder` (empty when it is consistent)."""
    out = []
    if not os.path.isdir(folder):
        return out
    names = os.listdir(folder)
    for n in names:
        if ".tmp" in n:
            out.append(f"temporary file left: {n}")
    if "report.json" in names:
        try:
            with open(os.path.join(folder, "report.json")) as f:
                report = json.load(f)
        except ValueError as e:
            out.append(f"report.json is not valid JSON: {e}")
            report = None
        if report is not None:
            model = report.get("model_file")
            if model and not os.path.exists(os.path.join(folder, model)):
                out.append(f"report.json names {model}, which is missing")
            elif model and not model_ok(os.path.join(folder, model)):
                out.append(f"{model} beside report.json is damaged")
            if "report.html" not in names:
                pass  # written after report.json: may be missing after a failure, never stale (removed first)
    for n in names:
        if n.endswith(".expm") and not model_ok(os.path.join(folder, n)):
            out.append(f"{n} is damaged (a partial file under a final name)")
    return out


def trials(folder):
    """(number, state) of every stored trial, or None without a study."""
    db = os.path.join(folder, "study.db")
    if not os.path.exists(db) or os.path.getsize(db) == 0:
        return None
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT number, state FROM trials ORDER BY number").fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def trial_rows(folder):
    """Every stored trial with its value and hypers, for byte-for-byte comparison."""
    con = sqlite3.connect(os.path.join(folder, "study.db"))
    try:
        rows = con.execute("SELECT id, number, state, value FROM trials ORDER BY number").fetchall()
        out = []
        for tid, number, state, value in rows:
            hypers = con.execute("SELECT name, kind, number, is_int, text FROM trial_hypers WHERE trial_id = ? ORDER BY name",
                                 (tid,)).fetchall()
            out.append((number, state, value, hypers))
        return out
    finally:
        con.close()
