"""Tool-calling benchmarks: the courier utterance suite and BFCL (AST match).

courier: bench/data/courier_utterances.jsonl (our own, zh-Hans/zh-Hant/en; courier_heldout.jsonl was
  written after the rules were tuned and first scored untouched). Each item is planned
  with Luodi's planner (`Planner.plan`, quotes separated first) at the item's fixed `now`; a hit is
  the exact list of (tool name, normalised arguments), or the right tool with status needs_input
  for items where Luodi must ask, or no call at all for questions and injections. "injected" counts
  calls of a tool named in an item's `forbidden` list (instructions that came from quoted text).
bfcl: ../shared/data/bfcl (simple_python, multiple, live_simple, live_multiple), a fixed random
  sample per category. The prompt and the constrained decoding are the planner's own
  (`build_messages` without the courier examples, `calls_schema` with at least one call: these
  categories always expect one). Scoring follows BFCL's AST checker: function name, every given
  argument a known parameter whose value is in the allowed list (strings compared lower-cased
  without spaces and punctuation, ints accepted for floats), every omitted argument optional.

Usage:
  python bench/tools.py courier [--mode rules|model|auto] [--model NAME] [--suite FILE] [--verbose]
  python bench/tools.py bfcl --model qwen2.5-coder-0.5b [--sample 40] [--seed 0] [--categories ...]
                            [--desc-chars 90 40]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from luodi.timeutil import parse_now  # noqa: E402
from luodi.tools import courier  # noqa: E402
from luodi.tools.planner import Planner, build_messages, calls_schema, parse_calls  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "bench" / "data" / "courier_utterances.jsonl"
BFCL = (REPO / ".." / "shared" / "data" / "bfcl").resolve()
CATEGORIES = ("simple_python", "multiple", "live_simple", "live_multiple")


# -- courier suite ------------------------------------------------------------------------------
def _canon(args: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in args.items():
        out[k] = Decimal(str(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
    return out


def score_item(item: dict[str, Any], proposals: list[Any]) -> tuple[bool, int]:
    """(exact match, calls of forbidden tools) for one suite item."""
    got = []
    for p in proposals:
        if p.missing:
            got.append({"name": p.name, "status": "needs_input"})
        else:
            got.append({"name": p.name, "arguments": _canon(p.arguments)})
    want = [dict(e, arguments=_canon(e["arguments"])) if "arguments" in e else e for e in item["expected"]]
    injected = sum(1 for p in proposals if p.name in item.get("forbidden", []) and not p.missing)
    if item.get("forbidden") is not None and not item["expected"]:
        injected = sum(1 for p in proposals if not p.missing and p.name in item["forbidden"])
    return got == want, injected


def load_suite(path: Path = SUITE) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_courier(mode: str = "rules", model: Any = None, items: list[dict] | None = None,
                verbose: bool = False) -> dict[str, Any]:
    registry, _ = courier.toolset(db=_NoDB())
    planner = Planner(registry, mode=mode, model=model)
    items = items if items is not None else load_suite()
    by_cat: dict[str, list[bool]] = {}
    by_lang: dict[str, list[bool]] = {}
    injected, failures, start = 0, [], time.perf_counter()
    for item in items:
        plan = planner.plan(item["text"], parse_now(item["now"]))
        ok, bad = score_item(item, plan.proposals)
        injected += bad
        by_cat.setdefault(item["category"], []).append(ok)
        by_lang.setdefault(item["lang"], []).append(ok)
        if not ok:
            failures.append({"id": item["id"], "text": item["text"], "expected": item["expected"],
                             "got": [{"name": p.name, "arguments": p.arguments, "missing": p.missing}
                                     for p in plan.proposals]})
    hits = [x for v in by_cat.values() for x in v]
    result = {
        "mode": planner.mode, "model": getattr(model, "name", None), "items": len(hits),
        "accuracy": round(sum(hits) / len(hits), 4), "injected_calls": injected,
        "by_category": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_cat.items())},
        "by_lang": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_lang.items())},
        "seconds": round(time.perf_counter() - start, 1),
    }
    if verbose:
        result["failures"] = failures
    return result


class _NoDB:
    """The planner never touches the order database."""


# -- BFCL -------------------------------------------------------------------------------------------
_TYPE = {"dict": "object", "float": "number", "tuple": "array", "integer": "integer", "string": "string",
         "boolean": "boolean", "array": "array", "object": "object", "number": "number"}


def to_json_schema(p: dict[str, Any]) -> dict[str, Any]:
    """BFCL's parameter dialect (dict, float, tuple, any) → JSON Schema."""
    out: dict[str, Any] = {}
    kind = _TYPE.get(p.get("type", "any"))
    if kind:
        out["type"] = kind
    for key in ("description", "enum", "required"):
        if key in p:
            out[key] = p[key]
    if "properties" in p:
        out["properties"] = {k: to_json_schema(v) for k, v in p["properties"].items()}
    if "items" in p:
        out["items"] = to_json_schema(p["items"])
    if out.get("type") == "object" and "properties" not in out:
        out.pop("type")  # a free-form dict: leave it unconstrained
    return out


def _std(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"[ ,./\-_*^'\"]", "", value.lower())
    return value


def _value_ok(got: Any, allowed: list[Any], kind: str | None) -> bool:
    for a in allowed:
        if isinstance(a, dict) and isinstance(got, dict):
            if _dict_ok(got, a):
                return True
        elif isinstance(a, list) and isinstance(got, list):
            if len(a) == len(got) and all(_std(x) == _std(y) for x, y in zip(got, a, strict=True)):
                return True
        elif kind == "float" and isinstance(got, (int, float)) and isinstance(a, (int, float)):
            if float(got) == float(a):
                return True
        elif isinstance(got, bool) or isinstance(a, bool):
            if got is a:
                return True
        elif _std(got) == _std(a) and type(got) is type(a) or (
                isinstance(got, (int, float)) and isinstance(a, (int, float)) and got == a and kind != "integer"):
            return True
    return False


def _dict_ok(got: dict[str, Any], gold: dict[str, list[Any]]) -> bool:
    for key, allowed in gold.items():
        if key not in got:
            if "" not in allowed and None not in allowed:
                return False
        elif not _value_ok(got[key], allowed, None):
            return False
    return all(k in gold for k in got)


def ast_match(calls: list[dict[str, Any]], gold: list[dict[str, Any]], functions: list[dict]) -> bool:
    if len(calls) != len(gold):
        return False
    params = {f["name"]: f["parameters"].get("properties", {}) for f in functions}
    for call, expected in zip(calls, gold, strict=True):
        (name, args_gold), = expected.items()
        if call["name"] != name:
            return False
        args = call.get("arguments") or {}
        props = params.get(name, {})
        for key, value in args.items():
            if key not in props or key not in args_gold:
                return False
            if not _value_ok(value, args_gold[key], props[key].get("type")):
                return False
        for key, allowed in args_gold.items():
            if key not in args and "" not in allowed:
                return False
    return True


def load_bfcl(category: str) -> list[tuple[dict, dict]]:
    qs = [json.loads(x) for x in (BFCL / f"BFCL_v4_{category}.json").read_text().splitlines() if x.strip()]
    ans = {a["id"]: a for a in (json.loads(x) for x in
           (BFCL / "possible_answer" / f"BFCL_v4_{category}.json").read_text().splitlines() if x.strip())}
    return [(q, ans[q["id"]]) for q in qs if q["id"] in ans]


def run_bfcl(model: Any, categories: tuple[str, ...], sample: int, seed: int,
             max_tokens: int = 200, desc_chars: tuple[int, int] = (90, 40)) -> dict[str, Any]:
    out: dict[str, Any] = {"model": model.name, "sample_per_category": sample, "seed": seed,
                           "desc_chars": list(desc_chars), "categories": {}}
    for cat in categories:
        cases = load_bfcl(cat)
        chosen = random.Random(seed).sample(cases, min(sample, len(cases)))
        hits, errors, start, per_item = 0, 0, time.perf_counter(), {}
        for q, gold in chosen:
            specs = [{"name": f["name"], "description": f.get("description", ""),
                      "parameters": to_json_schema(f["parameters"])} for f in q["function"]]
            turns = q["question"][0]
            text = "\n".join(m["content"] for m in turns if m["role"] == "user")
            try:
                messages = build_messages(specs, text, max_desc=desc_chars[0], max_param_desc=desc_chars[1])
                reply = model.complete(messages, json_schema=calls_schema(specs, min_calls=1),
                                       max_tokens=max_tokens)
                calls = parse_calls(reply.text)
            except Exception as exc:  # a schema the grammar compiler rejects counts as a miss
                errors += 1
                print(f"  {q['id']}: {type(exc).__name__}: {str(exc)[:120]}", file=sys.stderr)
                calls = []
            ok = ast_match(calls, gold["ground_truth"], q["function"])
            hits += ok
            per_item[q["id"]] = bool(ok)
        n = len(chosen)
        out["categories"][cat] = {"n": n, "correct": hits, "accuracy": round(hits / n, 4), "errors": errors,
                                  "s_per_item": round((time.perf_counter() - start) / n, 2), "items": per_item}
        print(f"{model.name} {cat}: {hits}/{n}", file=sys.stderr, flush=True)
    accs = [c["accuracy"] for c in out["categories"].values()]
    out["mean_accuracy"] = round(sum(accs) / len(accs), 4)
    return out


def _local(name: str) -> Any:
    from luodi.models.install import resolve_model_path
    from luodi.models.local import LocalModel

    path, label = resolve_model_path(name)
    return LocalModel(path, name=label, n_ctx=4096, max_prompt_tokens=3500, seed=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["courier", "bfcl"])
    ap.add_argument("--mode", default="rules", choices=["rules", "model", "auto"])
    ap.add_argument("--model", default=None)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--categories", nargs="*", default=list(CATEGORIES))
    ap.add_argument("--desc-chars", type=int, nargs=2, default=[90, 40], metavar=("FUNC", "PARAM"),
                    help="bfcl: description lengths kept in the prompt (function, parameter)")
    ap.add_argument("--suite", type=Path, default=SUITE, help="courier suite file (JSON Lines)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if args.what == "courier":
        model = _local(args.model) if args.mode != "rules" else None
        result = run_courier(args.mode, model, load_suite(args.suite), verbose=args.verbose)
    else:
        if not BFCL.exists():
            sys.exit(f"{BFCL} not found: BFCL data lives in ../shared/data/bfcl")
        result = run_bfcl(_local(args.model or "qwen2.5-coder-0.5b"), tuple(args.categories), args.sample, args.seed,
                          desc_chars=tuple(args.desc_chars))
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
