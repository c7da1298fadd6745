#!/usr/bin/env bash
# Installs what the app needs (and, with --test, what the tests need) on a fresh machine.
# Idempotent: a second run only checks. Python packages go into ./.venv; Debian packages
# (Chromium for PNG/PDF export and browser tests, fonts for Cyrillic and accents, poppler,
# and for the tests PostgreSQL, whose binaries the suite runs as a throw-away server to test
# the database store, and nginx for the browser test through several app servers) are
# installed with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--test" ]] && want_tests=1

apt_packages=(chromium fonts-dejavu-core fonts-noto-core fonts-noto-color-emoji)
[[ $want_tests == 1 ]] && apt_packages+=(poppler-utils postgresql nginx)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  if [[ $(id -u) == 0 ]]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else SUDO=""; fi
  if [[ $(id -u) == 0 || -n "$SUDO" ]]; then
    echo "setup: installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (apt-get); PNG/PDF export needs Chromium." >&2
    [[ $want_tests == 1 ]] && exit 1
  fi
fi

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
req=requirements.txt
[[ $want_tests == 1 ]] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha1sum requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)-$want_tests"
if [[ ! -f "$stamp" ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
  touch "$stamp"
fi
