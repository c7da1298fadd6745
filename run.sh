#!/usr/bin/env bash
# Install everything the app needs, then run it on http://localhost:8501 with the data
# folder ./data (set VPC_DATA_DIR to use another one).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export BROWSER_PATH="${BROWSER_PATH:-/usr/bin/chromium}"
# The server's first script run must be app.py's own (scripts/warm_up.py says why): run it
# in the background as soon as the server answers, on the port it was given.
port="${STREAMLIT_SERVER_PORT:-8501}"
args=("$@")
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --server.port=*) port="${args[$i]#*=}" ;;
    --server.port) port="${args[$((i + 1))]:-$port}" ;;
  esac
done
.venv/bin/python scripts/warm_up.py "http://127.0.0.1:${port}" &
exec .venv/bin/streamlit run app.py "$@"
