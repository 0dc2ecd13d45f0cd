"""Main-text extraction benchmark: Luodi's read+clean against plain trafilatura.extract.

Data: <repo>/../shared/data/web_extraction_zh (original/*.html, gold cleaned/*.txt) and
<repo>/../shared/data/web_extraction_scrapinghub (html/*.html.gz, gold ground-truth.json
articleBody). Score: token-level F1 against the gold text, macro-averaged over pages, where
Chinese (CJK) characters are one token each and other text is lower-cased words; whitespace
and punctuation are ignored; both sides are NFKC-folded first. Throughput counts reading
(decoding) plus extraction, on uncompressed HTML bytes.

    python bench/clean.py [--json] [--limit N] [--set zh|scrapinghub]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / ".." / "shared" / "data").resolve()
sys.path.insert(0, str(REPO))

_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)


def tokens(text: str) -> Counter:
    """CJK characters one by one, other words lower-cased; punctuation and spaces dropped."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text or "").lower()))


def f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the token multisets."""
    p, g = tokens(predicted), tokens(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    if overlap == 0:
        return 0.0, 0.0, 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def load_zh() -> list[tuple[str, bytes, str]]:
    root = DATA / "web_extraction_zh"
    pages = []
    for html in sorted((root / "original").glob("*.html")):
        gold = root / "cleaned" / f"{html.stem}.txt"
        if gold.exists():
            pages.append((html.name, html.read_bytes(), gold.read_text("utf-8")))
    return pages


def load_scrapinghub() -> list[tuple[str, bytes, str]]:
    root = DATA / "web_extraction_scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.exists():
            pages.append(
                (f"{key}.html", gzip.decompress(path.read_bytes()), truth[key]["articleBody"])
            )
    return pages


def load_webmainbench() -> list[tuple[str, bytes, str]]:
    """WebMainBench's format examples: JSON Lines with the raw `html` and a Markdown gold
    (`groundtruth_content`, or `content` in the older sample); one record per distinct page."""
    root = DATA / "webmainbench_samples"
    pages, seen = [], set()
    for path in sorted(root.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            gold = rec.get("groundtruth_content") or rec.get("content")
            if not gold or not rec.get("html") or rec.get("url") in seen:
                continue
            seen.add(rec.get("url"))
            pages.append((f"{len(pages):02d}.html", rec["html"].encode("utf-8"), gold))
    return pages


def luodi_extract(data: bytes, name: str) -> str:
    from luodi.clean import clean
    from luodi.read import read_bytes

    return clean(read_bytes(data, name)).text


def trafilatura_extract(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "luodi": luodi_extract,
    "trafilatura": trafilatura_extract,
}


def run_set(pages: list[tuple[str, bytes, str]], extractor: Callable[[bytes, str], str]) -> dict:
    scores, per_page, errors = [], [], 0
    total_bytes = sum(len(d) for _, d, _ in pages)
    elapsed = 0.0
    for name, data, gold in pages:
        start = time.perf_counter()
        try:
            text = extractor(data, name)
        except Exception as exc:  # a failed page scores 0 and is reported
            text, errors = "", errors + 1
            print(f"  ! {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        elapsed += time.perf_counter() - start
        p, r, f = f1(text, gold)
        scores.append((p, r, f))
        per_page.append(
            {"page": name, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        )
    n = max(1, len(scores))
    return {
        "pages": len(pages),
        "precision": sum(s[0] for s in scores) / n,
        "recall": sum(s[1] for s in scores) / n,
        "f1": sum(s[2] for s in scores) / n,
        "errors": errors,
        "seconds": elapsed,
        "pages_per_s": len(pages) / elapsed if elapsed else 0.0,
        "mb_per_s": total_bytes / 1e6 / elapsed if elapsed else 0.0,
        "per_page": per_page,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--set", choices=["zh", "scrapinghub", "webmainbench"], action="append")
    parser.add_argument("--pages", action="store_true", help="print per-page F1 (table mode)")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(
            f"../shared/data not found at {DATA}; this benchmark needs the shared data sets "
            "(web_extraction_zh, web_extraction_scrapinghub) beside the checkout.",
            file=sys.stderr,
        )
        return 2
    sets = {
        "zh": ("web_extraction_zh", load_zh),
        "scrapinghub": ("web_extraction_scrapinghub", load_scrapinghub),
        "webmainbench": ("webmainbench_samples", load_webmainbench),
    }
    chosen = args.set or list(sets)
    results: dict[str, dict] = {}
    for key in chosen:
        folder, loader = sets[key]
        if not (DATA / folder).is_dir():
            print(f"{DATA / folder} not found; cannot run the '{key}' set.", file=sys.stderr)
            return 2
        pages = loader()
        if args.limit:
            pages = pages[: args.limit]
        # Warm imports and lazy state outside the timed loop, for both extractors alike.
        for fn in EXTRACTORS.values():
            fn(pages[0][1], pages[0][0])
        results[folder] = {name: run_set(pages, fn) for name, fn in EXTRACTORS.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        _table(results, args.pages)
    return 0


def _table(results: dict[str, dict], per_page: bool) -> None:
    head = f"{'data set':<28} {'extractor':<12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'err':>4} {'pages/s':>8} {'MB/s':>6}"
    print(head)
    print("-" * len(head))
    for folder, by_name in results.items():
        for name, r in by_name.items():
            print(
                f"{folder:<28} {name:<12} {r['pages']:>5} {r['precision']:>6.3f} {r['recall']:>6.3f} "
                f"{r['f1']:>6.3f} {r['errors']:>4} {r['pages_per_s']:>8.1f} {r['mb_per_s']:>6.2f}"
            )
    if per_page:
        for folder, by_name in results.items():
            print(f"\n{folder}: per-page F1 (luodi vs trafilatura)")
            rows = zip(
                by_name["luodi"]["per_page"], by_name["trafilatura"]["per_page"], strict=True
            )
            for a, b in rows:
                flag = " <" if a["f1"] < b["f1"] - 0.02 else ""
                print(
                    f"  {a['page'][:40]:<40} {a['f1']:.3f} (P {a['precision']:.2f} R {a['recall']:.2f})"
                    f"  {b['f1']:.3f} (P {b['precision']:.2f} R {b['recall']:.2f}){flag}"
                )
    print("\nF1: token-level (CJK characters / lower-cased words), macro-averaged over pages.")


if __name__ == "__main__":
    sys.exit(main())
