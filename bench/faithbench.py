"""Verifier benchmark in English on FaithBench: flag the hallucinated spans of a summary.

Each sample is a source passage and a model's summary of it, with spans of the summary that
annotators marked (labels Unwanted.*: the summary says what the source does not). The verifier
checks every atom of the summary (numbers, amounts, dates, durations, quoted names…) against the
source. An atom counts as hallucinated when an Unwanted span of any annotator overlaps it; it is
flagged when the verifier finds it unsupported. Summary level: a summary is hallucinated when it
has an Unwanted span, flagged when one of its atoms is unsupported. Most FaithBench
hallucinations are wording (a "production" budget, a wrong relation), which atom checks do not
cover by design, so summary-level recall is low; the atom-level figures are the ones to watch.

    python bench/faithbench.py [--data ../shared/data/faithbench] [--json] [--examples N]
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

from bench.verify import _scores  # noqa: E402
from luodi.verify.atoms import extract_atoms  # noqa: E402
from luodi.verify.check import check_atoms  # noqa: E402


def load(data_dir: Path) -> list[dict]:
    samples: list[dict] = []
    for path in sorted(data_dir.glob("batch_*.json")):
        samples.extend(json.loads(path.read_text(encoding="utf-8"))["samples"])
    return samples


def unwanted_spans(sample: dict) -> list[tuple[int, int]]:
    return [(a["summary_start"], a["summary_end"]) for a in sample.get("annotations", [])
            if a.get("summary_start") is not None and any(lab.startswith("Unwanted") for lab in a["label"])]


def run(samples: list[dict], examples: int = 0) -> dict:
    atoms_by: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    summaries: dict[str, int] = defaultdict(int)
    shown: list[dict] = []
    times = []
    for s in samples:
        summary, bad = s["summary"], unwanted_spans(s)
        t0 = time.perf_counter()
        atoms = extract_atoms(summary)
        checks = check_atoms(summary, [s["source"]], atoms)
        times.append(time.perf_counter() - t0)
        flagged_any = False
        for atom, check in zip(atoms, checks, strict=True):
            truth = any(atom.start < e and b < atom.end for b, e in bad)
            flagged = not check.supported
            flagged_any |= flagged
            cell = "tp" if flagged and truth else "fp" if flagged else "fn" if truth else "tn"
            for group in ("all", f"kind:{atom.kind}"):
                atoms_by[group][cell] += 1
            if flagged and not truth and len(shown) < examples:
                shown.append({"atom": atom.text, "kind": atom.kind, "summary": summary})
        summaries["tp" if flagged_any and bad else "fp" if flagged_any else "fn" if bad else "tn"] += 1
    out = {
        "samples": len(samples),
        "ms_per_sample": round(1000 * sum(times) / max(1, len(times)), 2),
        "atoms": {g: _scores(c) for g, c in sorted(atoms_by.items())},
        "summaries": _scores(summaries),
    }
    if examples:
        out["flagged_without_annotation"] = shown
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "data" / "faithbench")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--examples", type=int, default=0, help="list N atoms flagged without annotation")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"data not found: {args.data} (FaithBench batch_*.json files)", file=sys.stderr)
        return 2
    result = run(load(args.data), args.examples)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"samples {result['samples']}  {result['ms_per_sample']} ms/sample")
    print(f"{'level':<8} {'group':<16} {'items':>6} {'halluc.':>8} {'flagged':>8} {'P':>6} {'R':>6} {'F1':>6}")
    rows = [("atoms", g, s) for g, s in result["atoms"].items()] + [("summary", "all", result["summaries"])]
    for level, group, s in rows:
        print(f"{level:<8} {group:<16} {s['keywords']:>6} {s['hallucinated']:>8} {s['flagged']:>8} "
              f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}")
    for ex in result.get("flagged_without_annotation", []):
        print(f"  {ex['kind']:<8} {ex['atom']!r}: {ex['summary'][:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
