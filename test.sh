#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian Chromium, fonts, poppler,
# PostgreSQL, nginx), then run the linter and the whole suite: unit, AppTest, PostgreSQL,
# cluster and real-browser tests, on several pytest-xdist workers (each with its own app
# server, browser and PostgreSQL on ports of its own), then the few `serial` tests that
# measure time alone. Prints the 20 slowest tests.
#
#   ./test.sh              everything (what CI runs)
#   ./test.sh --quick      the developer's loop: every test that needs no browser, no
#                          PostgreSQL and no cluster, in about 75 s on two cores (after one
#                          full run has installed everything)
#   ./test.sh tests/x.py   any pytest arguments
set -euo pipefail
cd "$(dirname "$0")"
# Test modules are compiled once and kept (pytest rewrites their asserts: 4 s a process).
unset PYTHONDONTWRITEBYTECODE
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
if [[ "${1:-}" == "--quick" ]]; then
  shift
  exec .venv/bin/python -m pytest -q -n 2 -p no:cacheprovider \
    -m "not browser and not chromium and not postgres and not cluster" "$@"
fi
scripts/setup.sh --test
.venv/bin/ruff check .
# Most browser tests wait on a server rather than a core: more workers than cores.
workers="${VPC_TEST_WORKERS:-3}"
status=0
.venv/bin/python -m pytest -n "$workers" --dist worksteal -m "not serial and not cluster" \
  --durations=20 "$@" || status=$?
# The tests that measure wall-clock time, and the clusters of app servers behind nginx
# (their own processes, ports and timing), alone on the machine (exit 5: none selected).
serial=0
.venv/bin/python -m pytest -m "serial or cluster" --durations=10 "$@" || serial=$?
[[ $serial == 5 ]] && serial=0
(( status != 0 )) && exit "$status"
exit "$serial"
