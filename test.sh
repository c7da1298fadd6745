#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian Chromium, fonts, poppler,
# PostgreSQL, nginx),
# then run the linter and the whole test suite: unit, AppTest and real-browser tests.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh --test
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
