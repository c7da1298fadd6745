#!/usr/bin/env bash
# Several app servers behind nginx on this machine: scripts/cluster.sh N [--postgres]
# [--port P] ... (scripts/cluster.sh --help lists every option; --stop stops it).
# Installs Debian's nginx (and postgresql for --postgres) with apt-get when missing, then
# hands over to scripts/cluster.py, which the tests and the benchmark use too.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [[ -z $PYTHON ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c "import streamlit" 2>/dev/null; then
  echo "cluster: the app is not set up on this machine yet; run ./run.sh once (it installs what the app needs), then run this again." >&2
  exit 1
fi

need=(nginx)
for arg in "$@"; do [[ $arg == --postgres ]] && need+=(postgresql); done
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  if [[ $(id -u) != 0 ]]; then
    echo "cluster: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "cluster: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec "$PYTHON" scripts/cluster.py "$@"
