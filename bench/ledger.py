"""What a budget check costs as the month's ledger grows.

    .venv/bin/python bench/ledger.py [--rows 100000] [--json]

Before every model call that has a budget, the ledger sums what the tenant and the user spent
today and this month (`Store.usage_spent`, SQL sums over indexed columns). The baseline, run in
the same process on the same rows, is what the ledger did before: read every row of the month
and add them up in Python.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from luodi.store.sqlite import SQLiteStore

MONTH, DAY = "2026-11-01T00:00:00", "2026-11-20T00:00:00"


def fill(store: SQLiteStore, rows: int) -> None:
    rng = random.Random(0)
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO ledger (at, tenant, user_id, purpose, model, cost_li) VALUES (?,?,?,?,?,?)",
            ((f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:00:00", f"t{rng.randrange(20)}",
              f"u{rng.randrange(500)}", "answer", "m", 0.5) for i in range(rows)))


def python_scan(store: SQLiteStore, tenant: str, user: str) -> dict[str, float]:
    out = {"tenant_month": 0.0, "tenant_day": 0.0, "user_month": 0.0, "user_day": 0.0}
    for row in store.usage(since=MONTH):
        for who, match in (("user", row.user_id == user), ("tenant", row.tenant == tenant)):
            if match:
                out[f"{who}_month"] += row.cost_li
                if row.at >= DAY:
                    out[f"{who}_day"] += row.cost_li
    return out


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000, help="ledger rows this month")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "kb.db")
        fill(store, args.rows)
        sql = store.usage_spent("t3", "u42", MONTH, DAY)
        assert sql == python_scan(store, "t3", "u42"), "the two sums disagree"
        out = {"rows": args.rows,
               "baseline_python_scan_ms": median_ms(lambda: python_scan(store, "t3", "u42")),
               "usage_spent_ms": median_ms(lambda: store.usage_spent("t3", "u42", MONTH, DAY))}
        out["speedup"] = round(out["baseline_python_scan_ms"] / out["usage_spent_ms"], 1)
        store.close()
    print(json.dumps(out) if args.json else
          f"{out['rows']:,} ledger rows this month: budget check {out['usage_spent_ms']} ms "
          f"(baseline, whole month read into Python: {out['baseline_python_scan_ms']} ms, "
          f"{out['speedup']}x)")


if __name__ == "__main__":
    main()
