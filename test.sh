#!/usr/bin/env bash
# Sets up what the tests need (system packages, .venv, a private PostgreSQL server) and runs them.
# Extra arguments go to pytest, e.g. ./test.sh tests/core -x
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --tests
if [[ -z "${ANTRIAN_TEST_PG_URL:-}" ]]; then
  ANTRIAN_TEST_PG_URL=$(scripts/start-postgres.sh)
  export ANTRIAN_TEST_PG_URL
fi
export QT_QPA_PLATFORM=offscreen
echo "== pytest (PostgreSQL: $ANTRIAN_TEST_PG_URL)"
exec .venv/bin/python -m pytest "$@"
