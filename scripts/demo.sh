#!/usr/bin/env bash
# From a fresh Debian machine: install what exp needs, build it, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
exec build/cli/exp run examples/quickstart.exp "$@"
