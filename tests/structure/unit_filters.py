#!/usr/bin/env python3
"""Every doctest case runs in exactly one ctest.

tests/CMakeLists.txt builds one binary per module and registers one ctest per
source folder with doctest's --source-file filters (tests mirror sources).
A case outside every filter would never run and nothing would say so; a case
in two filters would run twice. This compares, per binary, the cases all its
ctests select with the cases the binary holds.

    unit_filters.py --build BUILD_DIR
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys


def count(command):
    out = subprocess.run(command + ["--count"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r"passing the current filters: (\d+)", out)
    if not found:
        sys.exit(f"cannot read the case count of {' '.join(command)}:\n{out}")
    return int(found[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    args = parser.parse_args()
    listing = subprocess.run(["ctest", "--show-only=json-v1"], cwd=args.build, capture_output=True, text=True,
                             check=True).stdout
    selected = collections.Counter()
    binaries = {}
    for test in json.loads(listing)["tests"]:
        if not test["name"].startswith("unit."):
            continue
        command = test.get("command")
        if not command:  # ctest lists a test whose binary is not built without a command
            sys.exit(f"{test['name']}: its test binary is not built (build every test target first)")
        binary = command[0]
        binaries[os.path.basename(binary)] = binary
        selected[os.path.basename(binary)] += count(command)
    if not binaries:
        sys.exit("no unit.* ctest found")
    bad = 0
    for name, binary in sorted(binaries.items()):
        held = count([binary])
        verdict = "ok" if held == selected[name] else "MISMATCH"
        bad += verdict != "ok"
        print(f"{name}: {held} cases, {selected[name]} selected by its ctests: {verdict}")
    if bad:
        sys.exit("a test case outside every unit.* ctest never runs; one in two runs twice (tests/CMakeLists.txt)")


if __name__ == "__main__":
    main()
