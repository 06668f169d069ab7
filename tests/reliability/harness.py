"""What every reliability test script shares: running exp quietly, and the
closing lines (a count, then the failures and exit 1 if there are any)."""
import os
import subprocess
import sys


def run_exp(exp, args, env_extra=None, cwd=None):
    """exp with no progress and no colour; EXP_CRASH_AT only when `env_extra` sets it."""
    env = dict(os.environ, EXP_NO_PROGRESS="1", NO_COLOR="1")
    env.pop("EXP_CRASH_AT", None)
    env.update(env_extra or {})
    return subprocess.run([exp] + args, env=env, capture_output=True, text=True, timeout=120, cwd=cwd)


def finish(count_line, failures):
    print(count_line)
    if failures:
        print("\n".join(failures))
        sys.exit(1)
