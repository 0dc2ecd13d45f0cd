"""Citation lookups: questions that name a law and an article number, over ../shared/data/laws_zh.

    .venv/bin/python bench/citations.py            # every article, six ways of citing it
    .venv/bin/python bench/citations.py --json

For every numbered article of the laws set, six questions are written from its own label and
its law's title: "个人信息保护法第二十一条" (short title, the label as written), "个人信息保护法第21条
说了什么" (digits, asking for the text), "《中华人民共和国个人信息保护法》第二十一条的内容是什么" (full
title in 《》) and "What does Article 21 of the Personal Information Protection Law say?" (for the
laws whose English title `ENGLISH` holds); and as people also write them, "个人信息保护法21条说了什么"
(no 第) and "In the Personal Information Protection Law, what does Article 21 say?". Gold: that article. For each law, the ten article
numbers past its last one: nothing may be cited, and the answer must decline. For each article
of several paragraphs, each paragraph (款) and item (项) cited with it must be quoted, and one
paragraph past the last declined; the same again over the laws hard-wrapped (`hard_wrapped`). For each chapter (章) of each law, "…第二章讲了什么": the top hits
must be of that chapter, and the answer quote only its articles. Printed for each form: recall@1 and @5 of hybrid search as it
ranks now (cited articles first, luodi.retrieve.refs) beside the plain fused ranking of the same
retriever in the same process (the baseline), query p50, and the share answered with the article
itself (luodi.answer.cited: the one citation is the gold article).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import luodi.answer  # noqa: E402
from bench.common import DATA, Doc, EmbeddingCache, article_of, law_stem, load_laws  # noqa: E402
from bench.retrieval import build_kb, gold_key  # noqa: E402
from luodi.answer import Answerer, AskOptions  # noqa: E402
from luodi.index.dense import E5Embedder  # noqa: E402
from luodi.index.fusion import ranked  # noqa: E402
from luodi.numeric.numbers import cn_integer  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402
from luodi.retrieve.names import named_documents, title_of  # noqa: E402
from luodi.retrieve.refs import NONE, chapter_of, label_of  # noqa: E402

FORMS = {
    "short+label": "{short}{label}",
    "short+digits, asks text": "{short}第{n}条说了什么",
    "《full》+label, asks text": "《{full}》{label}的内容是什么",
    "English name, asks text": "What does Article {n} of the {english} say?",
    # as people also write them: without 第, and an English name before the number
    "short+digits without 第, asks text": "{short}{n}条说了什么",
    "English name first, asks text": "In the {english}, what does Article {n} say?",
}
# The laws' English titles as they are usually translated (the English form is asked of these)
ENGLISH = {
    "个人信息保护法": "Personal Information Protection Law",
    "安全生产法": "Work Safety Law",
    "数据安全法": "Data Security Law",
    "消费者权益保护法": "Law on the Protection of Consumer Rights and Interests",
    "道路交通安全法": "Road Traffic Safety Law",
    "邮政法": "Postal Law",
    "快递市场管理办法": "Measures for the Administration of the Express Delivery Market",
    "快递暂行条例": "Interim Regulations on Express Delivery",
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
        short = full.removeprefix("中华人民共和国")
        out.append({"gold": key, "full": full, "short": short, "english": ENGLISH.get(short),
                    "label": parts[-1], "n": label_of(c.section) // 100})
    return out


def run(retriever: Retriever, answerer: Answerer, arts: list[dict]) -> dict:
    snap = retriever.refresh()
    key_of = {c.id: gold_key(c, True) for c in retriever.store.current_chunks()}
    out = {}
    for form, pattern in FORMS.items():
        now, base, lat, quoted = [], [], [], 0
        asked = [a for a in arts if "{english}" not in pattern or a["english"]]
        for a in asked:
            q = pattern.format(**a)
            t0 = time.perf_counter()
            hits = retriever.search(q, k=5)
            lat.append((time.perf_counter() - t0) * 1000)
            now.append([gold_key(h, True) for h in hits].index(a["gold"]) + 1
                       if a["gold"] in [gold_key(h, True) for h in hits] else None)
            kw, dense = retriever.score_lists(q, retriever.depth, snap=snap)
            plain = ranked(retriever.fused(snap, q, kw, dense), 5)
            keys = [key_of[int(snap.ids[s])] for s, _ in plain]
            base.append(keys.index(a["gold"]) + 1 if a["gold"] in keys else None)
            if "asks text" in form:
                ans = answerer.ask(q, AskOptions(mode="extractive"))
                quoted += len(ans.citations) == 1 and not ans.abstained and \
                    f"{law_stem(ans.citations[0].document)}#{article_of(ans.citations[0].section)}" == a["gold"]
        if not asked:
            continue
        row = {"questions": len(asked)}
        for name, ranks in (("", now), ("baseline ", base)):
            row[f"{name}r@1"] = round(sum(r == 1 for r in ranks) / len(ranks), 4)
            row[f"{name}r@5"] = round(sum(r is not None for r in ranks) / len(ranks), 4)
        row["p50_ms"] = round(float(np.percentile(lat, 50)), 2)
        if "asks text" in form:
            row["answered with the article"] = round(quoted / len(asked), 4)
        out[form] = row
    out["article past the law's end, asks text"] = missing(retriever, answerer, arts)
    out.update(paragraphs_and_items(retriever, answerer, arts))
    out["chapter, asks text"] = chapters(retriever, answerer)
    out["chapter in English, asks text"] = chapters(retriever, answerer, english=True)
    for name, row in (english_names_national() or {}).items():
        out[f"English titles of other national laws, {name} list"] = row
    return out


def chapters(retriever: Retriever, answerer: Answerer, english: bool = False) -> dict:
    """"个人信息保护法第二章讲了什么" (or, `english`, "What does Chapter 2 of the Personal
    Information Protection Law say?" for the laws `ENGLISH` names) for each chapter of each law:
    the share of the top five hits (of as many as the chapter has chunks, when fewer) in that
    chapter, now and for the plain fused ranking (the baseline), and the share of answers that
    quote only articles of it."""
    snap = retriever.refresh()
    chunks = {c.id: c for c in retriever.store.current_chunks()}
    found: dict[tuple[str, int], list[str]] = {}
    for c in chunks.values():
        ch = chapter_of(c.section)
        parts = [p.strip() for p in c.section.split(">")]
        if ch != NONE and len(parts) > 2:
            found.setdefault((law_stem(c.document), ch // 100), [parts[0].removeprefix("中华人民共和国")]).append(c.section)
    if english:
        found = {k: v for k, v in found.items() if ENGLISH.get(v[0])}
    now, base, answered = [], [], 0
    for (law, ch), (short, *sections) in sorted(found.items()):
        q = (f"What does Chapter {ch} of the {ENGLISH[short]} say?" if english
             else f"{short}第{cn_integer(ch)}章讲了什么")
        room = min(5, len(sections))

        def inside(doc: str, section: str, law: str = law, ch: int = ch) -> bool:
            return law_stem(doc) == law and chapter_of(section) // 100 == ch

        now.append(sum(inside(h.document, h.section) for h in retriever.search(q, k=room)) / room)
        kw, dense = retriever.score_lists(q, retriever.depth, snap=snap)
        plain = [chunks[int(snap.ids[s])] for s, _ in
                 ranked(retriever.fused(snap, q, kw, dense), room)]
        base.append(sum(inside(c.document, c.section) for c in plain) / room)
        ans = answerer.ask(q, AskOptions(mode="extractive"))
        answered += not ans.abstained and bool(ans.citations) and all(
            inside(c.document, c.section) for c in ans.citations)
    n = len(found)
    return {"questions": n, "top-5 in the chapter": round(sum(now) / n, 4),
            "baseline top-5 in the chapter": round(sum(base) / n, 4),
            "answered from the chapter only": round(answered / n, 4)}


_ITEM_LINE = re.compile(r"[(（]([一二三四五六七八九十]+)[)）]")


# English titles of other national laws, written after the title words (luodi.retrieve.names)
# were fixed: a check that they carry beyond the eight laws above.
# English titles of other national laws, looked up against every title of laws_zh_national
# (bench/data/README.md, "law_names_en.jsonl": three lists, the last held out)
NAMES_FILE = Path(__file__).resolve().parent / "data" / "law_names_en.jsonl"


def english_names_national() -> dict | None:
    """Each English title of NAMES_FILE against the titles of every law in laws_zh_national,
    by list: right when the law is among at most three documents named (its own versions count)."""
    folder = DATA / "laws_zh_national"
    if not folder.is_dir():
        return None
    files = [f for f in folder.rglob("*.md") if f.name not in ("LICENSE.md", "SOURCE.md")]
    titles = {i: title_of("", str(f)) for i, f in enumerate(files)}
    out: dict[str, dict] = {}
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        res = out.setdefault(row["list"], {"titles": len(files), "names": 0, "right": 0, "missed": []})
        docs = named_documents(row["english"].lower(), titles)
        own = [d for d in docs if files[d].stem.split("(")[0].removeprefix("中华人民共和国") == row["law"]]
        res["names"] += 1
        if own and len(docs) <= 3:
            res["right"] += 1
        else:
            res["missed"].append(row["english"])
    return out


def paragraphs_and_items(retriever: Retriever, answerer: Answerer, arts: list[dict],
                         truth=None) -> dict:
    """"个人信息保护法第十三条第二款说了什么" for each paragraph (款) of each article with more than
    one, "…第二款第三项" for each item (项): the answer must quote it and no other (each block's
    first 12 characters, read here from the article's blank-line blocks, in the answer or not)
    and decline one paragraph past the last. Baseline, same process: the ordinary answer path
    (the question not read as asking for a text). `truth`: the store the blocks are read from
    (the retriever's own by default; the unwrapped laws when it holds hard-wrapped ones)."""
    whole: dict[str, str] = {}
    for c in (truth or retriever.store).current_chunks():  # a long article's chunks, back to back
        key = f"{law_stem(c.document)}#{article_of(c.section)}"
        whole[key] = whole.get(key, "") + c.text
    rows: dict[str, list[int]] = {}

    def ask(kind: str, q: str, want: str | None, others: list[str]) -> None:
        row = rows.setdefault(kind, [0, 0, 0])
        for col, plain in ((0, False), (2, True)):
            with _ordinary_path(plain):
                ans = answerer.ask(q, AskOptions(mode="extractive"))
            row[col] += ans.abstained if want is None else (
                not ans.abstained and want in ans.answer and not any(o in ans.answer for o in others))
        row[1] += 1

    for a in arts:
        blocks = [b.strip() for b in whole.get(a["gold"], "").split("\n\n") if b.strip()]
        paras: list[list[int]] = []  # block numbers: the paragraph's, then its items'
        for j, b in enumerate(blocks):
            (paras[-1].append(j) if _ITEM_LINE.match(b) and paras else paras.append([j]))
        if len(paras) < 2:
            continue
        cite = f"{a['short']}第{a['n']}条"
        # a block's start, long enough not to recur in another (laws repeat their phrases)
        heads = [b.removeprefix(a["label"]).strip()[:60] for b in blocks]
        for p, (lead, *items) in enumerate(paras, 1):
            ask("paragraph", f"{cite}第{cn_integer(p)}款说了什么", heads[lead][:12],
                [h for j, h in enumerate(heads) if j not in (lead, *items)])
            for i, item in enumerate(items, 1):
                ask("item", f"{cite}第{cn_integer(p)}款第{cn_integer(i)}项说了什么", heads[item][:12],
                    [h for j, h in enumerate(heads) if j not in (lead, item)])
        ask("paragraph past the last", f"{cite}第{cn_integer(len(paras) + 1)}款说了什么", None, [])
    return {f"{kind}, asks text": {"questions": n, "right": round(ok / n, 4),
                                   "baseline right": round(base / n, 4)}
            for kind, (ok, n, base) in rows.items()}


def hard_wrapped(docs: list[Doc], width: int = 24) -> list[Doc]:
    """The laws as a careless export writes them: every line of text broken every `width`
    characters (never right before 第, which would open a new article there)."""
    def wrap(line: str) -> str:
        if line.startswith("#"):
            return line
        cut, start = [], 0
        while len(line) - start > width:
            end = start + width
            while line[end] == "第" and end < len(line) - 1:
                end += 1
            cut.append(line[start:end])
            start = end
        return "\n".join([*cut, line[start:]])

    return [replace(d, text="\n".join(wrap(ln) for ln in d.text.split("\n"))) for d in docs]


@contextmanager
def _ordinary_path(on: bool):
    """Answers as if no question asked for a cited text (the baseline)."""
    saved = luodi.answer.quoted_articles
    if on:
        luodi.answer.quoted_articles = lambda question, hits: None
    try:
        yield
    finally:
        luodi.answer.quoted_articles = saved


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
        (Path(tmp) / "wrapped").mkdir()
        wrapped, _ = build_kb(hard_wrapped(load_laws()), Path(tmp) / "wrapped", embedder,
                              EmbeddingCache(embedder.name, embedder.dim))
        on_wrapped = Retriever(wrapped, embedder, ann="off")
        rows = paragraphs_and_items(on_wrapped, Answerer(on_wrapped), articles(wrapped), truth=store)
        res.update({f"{kind.split(',')[0]}, hard-wrapped text": row for kind, row in rows.items()})
        wrapped.close()
        store.close()
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    print(f"{len(arts)} articles of the laws set, each cited in Chinese four ways and in English two")
    for form, row in res.items():
        print(f"  {form:<28} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
