"""PII benchmark: recall per kind, damage to look-alikes, throughput, false positives on CLUENER.

Run from the repository root:  python bench/pii.py [--seeds 10] [--per-kind 100]

The cases come from the same generator as tests/clean/test_pii.py (public validity rules: GB 11643
check digits, Luhn with real issuer prefixes, numbering plans), so benchmark and tests agree.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from luodi.clean.pii import apply_pii, find_pii  # noqa: E402


def _load_generator():
    path = REPO / "tests" / "clean" / "test_pii.py"
    spec = importlib.util.spec_from_file_location("_pii_cases", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_pii_cases"] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10, help="number of generator seeds")
    ap.add_argument("--per-kind", type=int, default=100, help="cases per kind and seed")
    args = ap.parse_args()

    gen = _load_generator()
    cases = [c for seed in range(args.seeds) for c in gen.make_cases(seed, args.per_kind)]

    want, hit, extra = Counter(), Counter(), Counter()
    looks = damaged = 0
    misses: list[str] = []
    for case in cases:
        masked, findings, _ = apply_pii(case.text)
        got = Counter((f.kind, f.value) for f in findings)
        for kind, value in case.pii:
            want[kind] += 1
            if got[(kind, value)]:
                hit[kind] += 1
                got[(kind, value)] -= 1
            elif len(misses) < 5:
                misses.append(case.text)
        for (kind, _value), n in got.items():
            extra[kind] += n
        for look in case.keep:
            looks += 1
            damaged += look not in masked

    print(f"generated cases: {len(cases)} ({args.seeds} seeds x {args.per_kind} per kind)")
    print(f"{'kind':<10} {'cases':>6} {'recall':>8} {'extra findings':>15}")
    for kind in sorted(want):
        print(f"{kind:<10} {want[kind]:>6} {hit[kind] / want[kind]:>8.4f} {extra[kind]:>15}")
    print(f"look-alikes damaged: {damaged} / {looks} ({damaged / looks:.4%})")
    for text in misses:
        print("  missed in:", text)

    blob = "\n".join(c.text for c in cases)
    size_mb = len(blob.encode("utf-8")) / 1e6
    t0 = time.perf_counter()
    for _ in range(3):
        find_pii(blob)
    dense = 3 * size_mb / (time.perf_counter() - t0)
    print(f"throughput, PII-dense text: {dense:.2f} MB/s ({size_mb:.2f} MB x 3)")

    data = REPO / ".." / "shared" / "data"
    laws = sorted((data / "laws_zh_national").rglob("*.md"))
    if laws:
        corpus = "\n".join(p.read_text("utf-8") for p in laws)
        size_mb = len(corpus.encode("utf-8")) / 1e6
        t0 = time.perf_counter()
        found = find_pii(corpus)
        rate = size_mb / (time.perf_counter() - t0)
        kinds = Counter(f.kind for f in found)
        print(
            f"laws_zh_national: {len(laws)} files, {size_mb:.1f} MB, {rate:.1f} MB/s, "
            f"findings {sum(kinds.values())} {dict(kinds)}"
        )
        for f in found[:10]:
            print("  ", f.kind, repr(corpus[max(0, f.start - 20) : f.end + 10]))
    cluener = data / "cluener" / "train.jsonl"
    if not cluener.is_file():
        print("CLUENER: ../shared/data not found, skipped")
        return
    texts = [json.loads(line)["text"] for line in cluener.read_text("utf-8").splitlines()]
    t0 = time.perf_counter()
    flagged = [(t, find_pii(t)) for t in texts]
    per_sentence = time.perf_counter() - t0
    flagged = [(t, f) for t, f in flagged if f]
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(
        f"CLUENER: {len(flagged)} of {len(texts)} sentences flagged "
        f"({len(flagged) / len(texts):.3%}); {size_mb / per_sentence:.2f} MB/s sentence by sentence"
    )
    for text, findings in flagged:
        print("  ", [(f.kind, f.value) for f in findings], text[:60])


if __name__ == "__main__":
    main()
