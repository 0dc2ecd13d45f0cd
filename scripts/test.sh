#!/usr/bin/env bash
# Sets up Luodi and runs the whole test suite. Exits non-zero on any failure, and when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
# The PostgreSQL store's tests run against a real server: started here, stopped on exit.
PGDIR=$(mktemp -d /tmp/luodi-pg.XXXXXX) || exit 1
trap '.venv/bin/python scripts/pg.py stop "$PGDIR" >/dev/null 2>&1; rm -rf "$PGDIR"' EXIT
LUODI_TEST_PG=$(.venv/bin/python scripts/pg.py start "$PGDIR") || { echo "test.sh: PostgreSQL did not start (scripts/pg.py)" >&2; exit 1; }
export LUODI_TEST_PG
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
if [ "$rc" -eq 5 ]; then echo "test.sh: pytest collected no tests: failing" >&2; exit 1; fi
exit "$rc"
