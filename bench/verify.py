"""Verifier benchmark on UHGEval-style data: flag the hallucinated keywords of a continuation.

For each item the source is the original news (headline, dateline, beginning and the real rest
of the article) and the answer is the model's continuation. A keyword is flagged when an atom
overlapping it is unsupported by the source ("atoms"), or, for keywords without atoms, when its
words do not occur in the source ("atoms+terms", a lexical baseline). Precision and recall are
against the keywords annotated as hallucinated; numeric keywords (those containing a number,
amount, percentage, date or duration) are reported separately.

    python bench/verify.py [--data ../shared/data/uhgeval_zh] [--json] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from luodi.verify.atoms import extract_atoms, name_key  # noqa: E402
from luodi.verify.check import check_atoms  # noqa: E402

NUMERIC = ("number", "amount", "percent", "date", "duration")


def load(data_dir: Path) -> list[dict]:
    items = []
    for path in sorted(data_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            items.extend(json.loads(line) for line in fh if line.strip())
    return items


def sources_of(item: dict) -> list[str]:
    """The original article: the real continuation is the start of newsRemainder."""
    parts = [item.get("headLine", ""), item.get("broadcastDate", ""), item.get("newsBeginning", "")]
    rest = item.get("newsRemainder") or item.get("realContinuation") or ""
    parts.append(rest)
    return [p for p in parts if p and p.strip()]


def parse_keywords(item: dict) -> list[tuple[str, bool]]:
    out = []
    for ann in item.get("annotations", []):
        kw, _, verdict = ann.partition("<sep>")
        kw = kw.strip()
        if kw:
            out.append((kw, verdict.strip().startswith("不合理")))
    return out


def term_supported(term: str, folded_source: str) -> bool:
    """Lexical check: the keyword, or most of its character bigrams, occur in the source."""
    key = name_key(term)
    if not key or key in folded_source:
        return True
    grams = [key[i : i + 2] for i in range(len(key) - 1)] or [key]
    return sum(g in folded_source for g in grams) / len(grams) >= 0.5


def keyword_kind(kw: str) -> str | None:
    kinds = [a.kind for a in extract_atoms(kw) if a.kind in NUMERIC]
    if kinds:
        return kinds[0]
    return "number" if any(ch.isdigit() for ch in kw) else None


def run(items: list[dict]) -> dict:
    stats: dict[str, dict[str, dict[str, int]]] = {
        s: defaultdict(lambda: defaultdict(int)) for s in ("atoms", "atoms+terms")
    }
    times = []
    n_atoms = n_unsupported = 0
    for item in items:
        answer = item.get("hallucinatedContinuation", "")
        sources = sources_of(item)
        t0 = time.perf_counter()
        atoms = extract_atoms(answer)
        checks = check_atoms(answer, sources, atoms)
        folded = "".join(name_key(s) for s in sources)
        times.append(time.perf_counter() - t0)
        n_atoms += len(atoms)
        n_unsupported += sum(not c.supported for c in checks)
        bad_spans = [
            (a.start, a.end) for a, c in zip(atoms, checks, strict=True) if not c.supported
        ]
        atom_spans = [(a.start, a.end) for a in atoms]
        for kw, hallucinated in parse_keywords(item):
            spans = _occurrences(answer, kw)
            flagged_atoms = any(_overlap(s, b) for s in spans for b in bad_spans)
            has_atom = any(_overlap(s, b) for s in spans for b in atom_spans)
            flagged_terms = flagged_atoms or (not has_atom and not term_supported(kw, folded))
            kind = keyword_kind(kw)
            groups = [
                "all",
                "numeric" if kind else "non-numeric",
                f"kind:{kind}" if kind else "kind:other",
                f"type:{item.get('type', '?')}",
            ]
            for system, flagged in (("atoms", flagged_atoms), ("atoms+terms", flagged_terms)):
                for g in groups:
                    cell = stats[system][g]
                    cell[
                        "tp"
                        if flagged and hallucinated
                        else "fp"
                        if flagged
                        else "fn"
                        if hallucinated
                        else "tn"
                    ] += 1
    return {
        "items": len(items),
        "atoms": n_atoms,
        "unsupported_atoms": n_unsupported,
        "ms_per_item": round(1000 * sum(times) / max(1, len(times)), 2),
        "systems": {
            s: {g: _scores(c) for g, c in sorted(groups.items())} for s, groups in stats.items()
        },
    }


def _occurrences(text: str, kw: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(kw)
    while pos >= 0:
        out.append((pos, pos + len(kw)))
        pos = text.find(kw, pos + 1)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _scores(c: dict[str, int]) -> dict[str, float | int]:
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "keywords": tp + fp + fn + tn,
        "hallucinated": tp + fn,
        "flagged": tp + fp,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f, 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "data" / "uhgeval_zh")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2
    items = load(args.data)
    if args.limit:
        items = items[: args.limit]
    result = run(items)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"items {result['items']}  atoms {result['atoms']}  unsupported {result['unsupported_atoms']}  "
        f"{result['ms_per_item']} ms/item"
    )
    print(
        f"{'system':<12} {'group':<18} {'keywords':>8} {'halluc.':>8} {'flagged':>8} {'P':>6} {'R':>6} {'F1':>6}"
    )
    for system, groups in result["systems"].items():
        for g, s in groups.items():
            print(
                f"{system:<12} {g:<18} {s['keywords']:>8} {s['hallucinated']:>8} {s['flagged']:>8} "
                f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
