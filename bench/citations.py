"""Citation lookups: questions that name a law and an article number, over ../shared/data/laws_zh.

    .venv/bin/python bench/citations.py            # every article, three ways of citing it
    .venv/bin/python bench/citations.py --json

For every numbered article of the laws set, three questions are written from its own label and
its law's title: "个人信息保护法第二十一条" (short title, the label as written), "个人信息保护法第21条
说了什么" (digits, asking for the text) and "《中华人民共和国个人信息保护法》第二十一条的内容是什么"
(full title in 《》). Gold: that article. And for each law the ten article numbers past its last
one: nothing may be cited, and the answer must decline. Printed for each form: recall@1 and @5 of hybrid search
as it ranks now (cited articles first, luodi.retrieve.refs) beside the plain fused ranking of
the same retriever in the same process (the baseline), query p50, and the share answered with
the article itself (luodi.answer.cited: the one citation is the gold article).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA, EmbeddingCache, article_of, law_stem, load_laws  # noqa: E402
from bench.retrieval import build_kb, gold_key  # noqa: E402
from luodi.answer import Answerer, AskOptions  # noqa: E402
from luodi.index.dense import E5Embedder  # noqa: E402
from luodi.index.fusion import fuse, ranked  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402
from luodi.retrieve.refs import label_of  # noqa: E402

FORMS = {
    "short+label": "{short}{label}",
    "short+digits, asks text": "{short}第{n}条说了什么",
    "《full》+label, asks text": "《{full}》{label}的内容是什么",
}


def articles(store) -> list[dict]:
    """One entry per numbered article (the first chunk of a long one)."""
    seen, out = set(), []
    for c in store.current_chunks():
        key = f"{law_stem(c.document)}#{article_of(c.section)}"
        parts = [p.strip() for p in c.section.split(">")]
        if article_of(c.section) is None or key in seen or len(parts) < 2 or label_of(c.section) < 0:
            continue
        seen.add(key)
        full = parts[0]
        out.append({"gold": key, "full": full, "short": full.removeprefix("中华人民共和国"),
                    "label": parts[-1], "n": label_of(c.section) // 100})
    return out


def run(retriever: Retriever, answerer: Answerer, arts: list[dict]) -> dict:
    snap = retriever.refresh()
    key_of = {c.id: gold_key(c, True) for c in retriever.store.current_chunks()}
    out = {}
    for form, pattern in FORMS.items():
        now, base, lat, quoted = [], [], [], 0
        for a in arts:
            q = pattern.format(**a)
            t0 = time.perf_counter()
            hits = retriever.search(q, k=5)
            lat.append((time.perf_counter() - t0) * 1000)
            now.append([gold_key(h, True) for h in hits].index(a["gold"]) + 1
                       if a["gold"] in [gold_key(h, True) for h in hits] else None)
            kw, dense = retriever.score_lists(q, retriever.depth, snap=snap)
            plain = ranked(fuse([kw, dense], retriever.fusion, retriever.weights, retriever.rrf_k), 5)
            keys = [key_of[int(snap.ids[s])] for s, _ in plain]
            base.append(keys.index(a["gold"]) + 1 if a["gold"] in keys else None)
            if "asks text" in form:
                ans = answerer.ask(q, AskOptions(mode="extractive"))
                quoted += len(ans.citations) == 1 and not ans.abstained and \
                    f"{law_stem(ans.citations[0].document)}#{article_of(ans.citations[0].section)}" == a["gold"]
        row = {"questions": len(arts)}
        for name, ranks in (("", now), ("baseline ", base)):
            row[f"{name}r@1"] = round(sum(r == 1 for r in ranks) / len(ranks), 4)
            row[f"{name}r@5"] = round(sum(r is not None for r in ranks) / len(ranks), 4)
        row["p50_ms"] = round(float(np.percentile(lat, 50)), 2)
        if "asks text" in form:
            row["answered with the article"] = round(quoted / len(arts), 4)
        out[form] = row
    out["article past the law's end, asks text"] = missing(retriever, answerer, arts)
    return out


def missing(retriever: Retriever, answerer: Answerer, arts: list[dict], extra: int = 10) -> dict:
    """Articles one to `extra` past each law's last: nothing may be cited for them, and the
    answer must decline rather than quote another law's article of that number."""
    last: dict[str, dict] = {}
    for a in arts:
        law = a["gold"].split("#")[0]
        if a["n"] > last.get(law, {"n": 0})["n"]:
            last[law] = a
    cited = declined = n = 0
    for a in last.values():
        for m in range(a["n"] + 1, a["n"] + extra + 1):
            q = f"{a['short']}第{m}条说了什么"
            cited += any(h.scores.get("cited") for h in retriever.search(q, k=5))
            declined += answerer.ask(q, AskOptions(mode="extractive")).abstained
            n += 1
    return {"questions": n, "any hit cited": round(cited / n, 4), "declined": round(declined / n, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if not (DATA / "laws_zh").is_dir():
        print(f"not found: {DATA / 'laws_zh'} (../shared/data beside the checkout)", file=sys.stderr)
        return 2
    embedder = E5Embedder(threads=2)
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = build_kb(load_laws(), Path(tmp), embedder, EmbeddingCache(embedder.name, embedder.dim))
        retriever = Retriever(store, embedder, ann="off")
        arts = articles(store)
        res = run(retriever, Answerer(retriever), arts)
        store.close()
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    print(f"{len(arts)} articles of the laws set, each cited three ways")
    for form, row in res.items():
        print(f"  {form:<28} " + "  ".join(f"{k} {v}" for k, v in row.items() if k != "questions"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
