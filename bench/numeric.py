"""The numeric engine on real maths data: Ape210K (Chinese) and GSM8K (English), from ../shared/data.

    .venv/bin/python bench/numeric.py [--json] [--show N]

Two measurements over Ape210K's 5,000 validation problems and GSM8K's 7,473 training problems,
both through `luodi.numeric.engine.solve`, the function the numeric route answers with:
- **equations**: each problem's gold equation ("x=(50*83-118)/(50-2)") asked as a question
  ("(50*83-118)/(50-2)等于多少"): how many the engine computes, how many of those equal the gold
  answer ("84", "(11/20)", "93.75%", "1(1/2)" read exactly), how many it gets wrong or crashes on.
  A parser that reads 280/40% as (280/40)% instead of 280 ÷ 40% shows up here. GSM8K's equations
  are the calculator steps of its worked answers ("<<48/2=24>>", asked as "48/2 = ?").
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
GSM8K = DATA / "gsm8k" / "train.jsonl"


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


def load_ape() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Ape210K: (equation asked as a question, gold answer) and (problem text, gold answer)."""
    rows = [json.loads(line) for line in APE.read_text("utf-8").splitlines() if line.strip()]
    equations = [(f"{r['equation'][2:]}等于多少", r["ans"]) for r in rows if r["equation"].startswith("x=")]
    return equations, [(r["original_text"], r["ans"]) for r in rows]


def load_gsm8k() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """GSM8K: the calculator steps of its worked answers ("<<48/2=24>>", asked as "48/2 = ?") and
    (problem text, final answer)."""
    rows = [json.loads(line) for line in GSM8K.read_text("utf-8").splitlines() if line.strip()]
    equations = [(f"{expr} = ?", val.replace(",", "")) for r in rows
                 for expr, val in re.findall(r"<<([^=<>]+)=([^<>]+)>>", r["answer"])]
    return equations, [(r["question"], r["answer"].rsplit("####", 1)[-1].strip().replace(",", "")) for r in rows]


def run_equations(equations: list[tuple[str, str]], show: int = 0) -> dict:
    from luodi.numeric.engine import solve

    out = {"equations": len(equations), "computed": 0, "right": 0, "wrong": 0, "crashed": 0,
           "no_gold_value": 0}
    lat, wrong = [], []
    for question, answer in equations:
        start = time.perf_counter()
        try:
            res = solve(question)
        except Exception as exc:  # a crash is a finding, counted, not the end of the run
            out["crashed"] += 1
            wrong.append((question, answer, repr(exc)))
            continue
        lat.append((time.perf_counter() - start) * 1e3)
        if res is None:
            continue
        out["computed"] += 1
        gold = gold_value(answer)
        if gold is None:
            out["no_gold_value"] += 1
        elif same(res.value, gold):
            out["right"] += 1
        else:
            out["wrong"] += 1
            wrong.append((question, answer, res.computation))
    out["p50_ms"] = round(statistics.median(lat), 3) if lat else None
    if show:
        out["mismatches"] = wrong[:show]
    return out


def run_problems(problems: list[tuple[str, str]], show: int = 0) -> dict:
    from luodi.answer.router import route

    out = {"problems": len(problems), "sent_to_numeric": 0, "right": 0, "wrong": 0, "crashed": 0,
           "declined_as_computation": 0}
    wrong = []
    for text, answer in problems:
        try:
            kind, res = route(text, None)
        except Exception as exc:
            out["crashed"] += 1
            wrong.append((text[:80], answer, repr(exc)))
            continue
        if kind != "numeric":
            continue
        if isinstance(res, str):  # a bare computation the engine does not do: said so, no number
            out["declined_as_computation"] += 1
            continue
        out["sent_to_numeric"] += 1
        gold = gold_value(answer)
        if gold is not None and same(res.value, gold):
            out["right"] += 1
        else:
            out["wrong"] += 1
            wrong.append((text[:80], answer, res.computation[:80]))
    if show:
        out["mismatches"] = wrong[:show]
    return out


def run(show: int = 0) -> dict:
    """Every data set found under ../shared/data, equations and word problems."""
    out = {}
    for name, path, load in (("ape210k", APE, load_ape), ("gsm8k", GSM8K, load_gsm8k)):
        if path.exists():
            equations, problems = load()
            out[name] = {"equations": run_equations(equations, show),
                         "word_problems": run_problems(problems, show)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print up to N mismatches of each kind")
    args = ap.parse_args(argv)
    if not APE.exists() and not GSM8K.exists():
        print(f"bench/numeric.py needs {APE.parent} or {GSM8K.parent} (../shared/data beside the checkout)",
              file=sys.stderr)
        return 2
    res = run(args.show)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    for name, r in res.items():
        e, w = r["equations"], r["word_problems"]
        print(f"{name} equations {e['equations']}: computed {e['computed']}, right {e['right']}, wrong "
              f"{e['wrong']}, crashed {e['crashed']}, gold not a value {e['no_gold_value']}; p50 {e['p50_ms']} ms")
        print(f"{name} word problems {w['problems']}: sent to the numeric engine {w['sent_to_numeric']}, "
              f"right {w['right']}, wrong {w['wrong']}, crashed {w['crashed']}; declined as a computation "
              f"{w['declined_as_computation']}")
        for part in (e, w):
            for item in part.get("mismatches", []):
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
