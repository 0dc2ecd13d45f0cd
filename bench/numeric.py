"""The numeric engine on real Chinese maths data: Ape210K's validation split (../shared/data/ape210k).

    .venv/bin/python bench/numeric.py [--json] [--show N]

Two measurements over its 5,000 problems, both through `luodi.numeric.engine.solve`, the function
the numeric route answers with:
- **equations**: each problem's gold equation ("x=(50*83-118)/(50-2)") asked as a question
  ("(50*83-118)/(50-2)等于多少"): how many the engine computes, how many of those equal the gold
  answer ("84", "(11/20)", "93.75%", "1(1/2)" read exactly), how many it gets wrong or crashes on.
  A parser that reads 280/40% as (280/40)% instead of 280 ÷ 40% shows up here.
- **word problems**: each problem's text asked as a user would ask it, through the router
  (luodi.answer.router.route): how many it sends to the numeric engine, and how many of those
  answers are right. The engine does no reasoning, so the right number of word problems it takes
  is small; a wrong number stated with a computation is the failure that matters.
Some gold answers are themselves wrong (200*(1+20%)*(1-80%) given as 192): the mismatches are
printed with --show for reading.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA  # noqa: E402

APE = DATA / "ape210k" / "valid.ape.json"


def gold_value(answer: str) -> Fraction | None:
    """An Ape210K answer as an exact value: 45, 3.5, (11/20), 1(1/2) (one and a half), 93.75%."""
    if m := re.fullmatch(r"(\d+)\((\d+)/(\d+)\)", answer):
        return int(m[1]) + Fraction(int(m[2]), int(m[3]))
    if m := re.fullmatch(r"\((\d+)/(\d+)\)", answer):
        return Fraction(int(m[1]), int(m[2]))
    try:
        return Fraction(answer[:-1]) / 100 if answer.endswith("%") else Fraction(answer)
    except (ValueError, ZeroDivisionError):
        return None  # an expression ("1379-379-608"): no value to compare


def same(value, gold: Fraction) -> bool:
    """Equal values; a percentage asked as "百分之几" may come back as its number (10 for 10%),
    and a decrease as a negative growth."""
    if not isinstance(value, (Decimal, Fraction, int)):
        return False
    v = Fraction(value)
    return v == gold or abs(v) == gold or abs(v) == gold * 100


def run(rows: list[dict], show: int = 0) -> dict:
    from luodi.answer.router import route
    from luodi.numeric.engine import solve

    eq = {"equations": 0, "computed": 0, "right": 0, "wrong": 0, "crashed": 0, "no_gold_value": 0}
    wp = {"problems": len(rows), "sent_to_numeric": 0, "right": 0, "wrong": 0, "crashed": 0}
    lat, wrong_eq, wrong_wp = [], [], []
    for row in rows:
        gold = gold_value(row["ans"])
        equation = row["equation"]
        if equation.startswith("x="):
            eq["equations"] += 1
            start = time.perf_counter()
            try:
                res = solve(f"{equation[2:]}等于多少")
            except Exception as exc:  # a crash is a finding, counted, not the end of the run
                eq["crashed"] += 1
                wrong_eq.append((equation, row["ans"], repr(exc)))
                res = None
            lat.append((time.perf_counter() - start) * 1e3)
            if res is not None:
                eq["computed"] += 1
                if gold is None:
                    eq["no_gold_value"] += 1
                elif same(res.value, gold):
                    eq["right"] += 1
                else:
                    eq["wrong"] += 1
                    wrong_eq.append((equation, row["ans"], res.computation))
        try:
            kind, res = route(row["original_text"], None)
        except Exception as exc:
            wp["crashed"] += 1
            wrong_wp.append((row["original_text"][:80], row["ans"], repr(exc)))
            continue
        if kind == "numeric":
            wp["sent_to_numeric"] += 1
            if gold is not None and same(res.value, gold):
                wp["right"] += 1
            else:
                wp["wrong"] += 1
                wrong_wp.append((row["original_text"][:80], row["ans"], res.computation[:80]))
    eq["p50_ms"] = round(statistics.median(lat), 3) if lat else None
    out = {"equations": eq, "word_problems": wp}
    if show:
        out["wrong_equations"] = wrong_eq[:show]
        out["wrong_word_problems"] = wrong_wp[:show]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print up to N mismatches of each kind")
    args = ap.parse_args(argv)
    if not APE.exists():
        print(f"bench/numeric.py needs {APE} (../shared/data beside the checkout)", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in APE.read_text("utf-8").splitlines() if line.strip()]
    res = run(rows, args.show)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    e, w = res["equations"], res["word_problems"]
    print(f"equations {e['equations']}: computed {e['computed']}, right {e['right']}, wrong {e['wrong']}, "
          f"crashed {e['crashed']}, gold not a value {e['no_gold_value']}; p50 {e['p50_ms']} ms")
    print(f"word problems {w['problems']}: sent to the numeric engine {w['sent_to_numeric']}, "
          f"right {w['right']}, wrong {w['wrong']}, crashed {w['crashed']}")
    for key in ("wrong_equations", "wrong_word_problems"):
        for item in res.get(key, []):
            print(f"  {key[6:]}: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
