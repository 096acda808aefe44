#!/usr/bin/env bash
# Sets up what the demo needs (system packages, .venv) and runs a morning at the office.
# With a display the windows open; without one it runs on autopilot and writes demo-output/.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export ANTRIAN_CONFIG="${ANTRIAN_CONFIG:-$PWD/demo/config.toml}"  # the demo's settings, not the office template
exec .venv/bin/python -m demo.run "$@"
