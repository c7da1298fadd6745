#!/usr/bin/env bash
# Install everything the app needs, then run it on http://localhost:8501 with the data
# folder ./data (set VPC_DATA_DIR to use another one).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
exec .venv/bin/streamlit run app.py "$@"
