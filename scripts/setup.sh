#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Antrian: system packages (when missing), a virtual environment,
# and the Python packages. Used by ../demo.sh and ../test.sh; safe to run again (it only adds what is missing).
#   scripts/setup.sh            demo needs
#   scripts/setup.sh --tests    plus what the tests need (PostgreSQL server, Xvfb)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(libzbar0 espeak-ng libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
          libxcb-image0 libxcb-xinerama0 libpulse0 libasound2 fonts-dejavu-core libusb-1.0-0)
if [[ "${1:-}" == "--tests" ]]; then
  PACKAGES+=(postgresql xvfb)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "== Memasang paket sistem / Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Paket sistem belum ada / System packages missing. Run this once, then try again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Perlu Python 3.11 atau lebih baru / Python 3.11+ is needed (found: $($PYTHON --version 2>&1))" >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "== Membuat lingkungan Python / Creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.antrian-installed
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "== Memasang paket Python / Installing Python packages"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import PySide6, cv2, pyzbar.pyzbar, escpos, sqlalchemy, psycopg, requests" \
    || { echo "Pemasangan gagal / Install failed" >&2; exit 1; }
  touch "$stamp"
fi
