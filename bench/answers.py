"""Answer quality on DRCD (zh-Hant) and CMRC 2018 (zh-Hans), extractive and llm modes.

For every question (or a sample): does the answer contain a gold answer, does a citation point at
the gold paragraph, how many unsupported atoms were shipped, and how often Luodi declines. Then the
gold paragraph is hidden from retrieval (a document filter) and we measure how often Luodi declines,
as it must. Usage: python bench/answers.py [--sets drcd,cmrc,laws] [--sample N] [--llm-sample N] [--json]

`laws` is our own paraphrase question set over ../shared/data/laws_zh (bench/data): it has no
answer spans, so it reports whether a citation points at the gold article and how often Luodi
declines, with the gold law (and any other law holding a gold article) hidden or not.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    add_source_args,
    encoder_with_cache,
    law_stem,
    load_set,
    sources_found,
    squad_answers,
)
from bench.retrieval import build_kb, gold_key  # noqa: E402
from luodi.answer import Answerer, AskOptions  # noqa: E402
from luodi.fold import to_simplified  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402


class Hidden:
    """A retriever that cannot see one document: the 'gold paragraph removed' condition."""

    def __init__(self, retriever: Retriever, allowed: set[int]):
        self.retriever, self.allowed = retriever, allowed
        self.embedder, self.store = retriever.embedder, retriever.store

    def search(self, query, k=5, document_ids=None, **kw):
        allowed = self.allowed if document_ids is None else self.allowed & set(document_ids)
        return self.retriever.search(query, k, document_ids=allowed)

    def scopes(self, query, **kw):
        return self.retriever.scopes(query, document_ids=self.allowed)


def _norm(text: str) -> str:
    return "".join(to_simplified(text).lower().split())


def run_mode(answerer_for, questions, gold: Gold, sample_removed: int, seed: int = 0) -> dict:
    contains = cites = declined = unsupported = 0
    lat: list[float] = []
    declined_by_lang: dict[str, list[bool]] = {}
    for q in questions:
        start = time.perf_counter()
        ans = answerer_for(None).ask(q.question, AskOptions())
        lat.append((time.perf_counter() - start) * 1000)
        declined_by_lang.setdefault(q.lang, []).append(ans.abstained)
        if ans.abstained:
            declined += 1
        else:
            contains += gold.contains(q, ans)
            cites += gold.cited(q, ans)
            unsupported += sum(not c.supported for c in ans.checks)
    n = len(questions)
    removed = random.Random(seed).sample(questions, min(sample_removed, n))
    declined_removed = 0
    for q in removed:
        declined_removed += answerer_for(gold.all_ids - gold.doc_ids(q)).ask(
            q.question, AskOptions()).abstained
    out = {
        "questions": n, "contains_gold": round(contains / n, 4) if gold.answers else "n/a",
        "cites_gold": round(cites / n, 4),
        "declined": round(declined / n, 4), "unsupported_atoms_per_answer": round(unsupported / max(1, n - declined), 4),
        "removed_questions": len(removed),
        "declined_when_gold_removed": round(declined_removed / max(1, len(removed)), 4),
        "p50_ms": round(statistics.median(lat), 1), "p95_ms": round(sorted(lat)[int(0.95 * (n - 1))], 1),
    }
    if len(declined_by_lang) > 1:
        out["declined_by_lang"] = {k: round(sum(v) / len(v), 4) for k, v in sorted(declined_by_lang.items())}
    return out


class Gold:
    """What counts as right for one set: the gold paragraph (DRCD, CMRC: its answers too) or the
    gold article of a law (the paraphrase set, which has no answer spans)."""

    def __init__(self, name: str, store, args):
        self.name = name
        self.answers = {} if name == "laws" else squad_answers(getattr(args, f"{name}_file"))
        docs = store.documents()
        self.all_ids = {d.id for d in docs}
        self.by_key = {(law_stem(d.uri) if name == "laws" else d.uri): d.id for d in docs}

    def doc_ids(self, q) -> set[int]:
        return {self.by_key[g.split("#")[0] if self.name == "laws" else g] for g in q.gold}

    def cited(self, q, ans) -> bool:
        return any(gold_key(c, self.name == "laws") in q.gold for c in ans.citations)

    def contains(self, q, ans) -> bool:
        text = _norm(ans.answer)
        return any(_norm(a) in text for a in self.answers.get(q.id, []))


def run_set(name: str, args, embedder, cache) -> dict:
    docs, questions = load_set(name, args)
    tmp = Path(tempfile.mkdtemp(prefix=f"luodi-answers-{name}-"))
    store, _ = build_kb(docs, tmp, embedder, cache)
    gold = Gold(name, store, args)
    retriever = Retriever(store, embedder)
    rng = random.Random(1)
    sample = rng.sample(questions, args.sample) if args.sample and args.sample < len(questions) else questions
    out = {"set": name, "modes": {}}

    def make(model):
        def answerer_for(allowed):
            r = retriever if allowed is None else Hidden(retriever, allowed)
            return Answerer(r, model, None)
        return answerer_for

    out["modes"]["extractive"] = run_mode(make(None), sample, gold, args.removed)
    if args.llm_sample:
        from luodi.models.base import get_model

        model = get_model({"backend": "local", "use": args.model})
        llm_qs = random.Random(2).sample(sample, min(args.llm_sample, len(sample)))
        res = run_mode(make(model), llm_qs, gold, min(args.removed, args.llm_sample // 2))
        res["model"] = model.name
        out["modes"]["llm"] = res
    return out


def print_table(res: dict) -> None:
    cols = ["questions", "contains_gold", "cites_gold", "declined", "unsupported_atoms_per_answer",
            "removed_questions", "declined_when_gold_removed", "p50_ms", "p95_ms"]
    print(f"\n== {res['set']}")
    print(f"{'mode':12}" + "".join(f"{c[:14]:>16}" for c in cols))
    for mode, r in res["modes"].items():
        print(f"{mode:12}" + "".join(f"{r[c]!s:>16}" for c in cols))
        if "declined_by_lang" in r:
            print(f"{'':12}declined by language: {r['declined_by_lang']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="drcd,cmrc")
    ap.add_argument("--sample", type=int, default=0, help="questions per set in extractive mode (0 = all)")
    ap.add_argument("--removed", type=int, default=500, help="questions asked with the gold paragraph hidden")
    ap.add_argument("--llm-sample", type=int, default=0, help="questions per set in llm mode (0 = skip)")
    ap.add_argument("--model", default="qwen2.5-coder-0.5b", help="local model for llm mode")
    ap.add_argument("--json", action="store_true")
    add_source_args(ap)
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    if not sources_found(names, args):
        return 2
    embedder, cache = encoder_with_cache(need_data=False)
    results = []
    for name in names:
        res = run_set(name, args, embedder, cache)
        results.append(res)
        if not args.json:
            print_table(res)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"results": results, "max_rss_mb": round(rss, 1)}, ensure_ascii=False))
    else:
        print(f"\npeak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
