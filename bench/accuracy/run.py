#!/usr/bin/python3
"""exp vs the reference tools, test accuracy side by side (issue 3).

    bench/accuracy/run.py --exp build/cli/exp

For each case: `exp run --export-splits` trains the script and writes the
exact split it used; reference.py trains the same network on those rows with
PyTorch (mean over 5 seeds; scikit-learn too for logistic regression).
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ["logreg_breast_cancer", "mlp_iris", "mlp_digits"]
# Debian's python3-torch and python3-sklearn are visible to the system interpreter.
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exp", required=True)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    print(f"{'case':<22} {'exp':>7} {'pytorch':>8} {'(min..max)':>14} {'sklearn':>8} {'Δ vs ref':>9}")
    worst = 0.0
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            out, splits = os.path.join(tmp, "run"), os.path.join(tmp, "splits")
            p = subprocess.run([a.exp, "run", "--quiet", "--out", out, "--export-splits", splits,
                                os.path.join(HERE, case + ".exp")], capture_output=True, text=True, env=env)
            if p.returncode != 0:
                print(f"{case}: exp run failed ({p.returncode})\n{p.stdout}{p.stderr}", file=sys.stderr)
                return 1
            with open(os.path.join(out, "report.json")) as f:
                ours = json.load(f)["metrics"]["test"]["accuracy"]
            r = subprocess.run([PYTHON, os.path.join(HERE, "reference.py"), "--splits", splits, "--case", case,
                                "--seeds", str(a.seeds)], capture_output=True, text=True, env=env, check=True)
            ref = json.loads(r.stdout)
        anchor = ref.get("sklearn", ref["accuracy"])
        delta = 100 * (ours - anchor)
        worst = max(worst, abs(delta))
        sk = f"{ref['sklearn']:.4f}" if "sklearn" in ref else "-"
        print(f"{case:<22} {ours:>7.4f} {ref['accuracy']:>8.4f} {ref['min']:>6.3f}..{ref['max']:<6.3f} {sk:>8} {delta:>+8.2f}pt")
    print(f"largest difference: {worst:.2f} points (target: within 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
