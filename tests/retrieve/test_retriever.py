import threading

import numpy as np
import pytest

from luodi.errors import ConfigError
from luodi.index.dense import HashEmbedder
from luodi.index.fusion import sharpness_weights
from luodi.retrieve import Retriever, across

CORPUS = {
    "rules/lost.md": ["快件丢失的，经营快递业务的企业应当按照保价金额赔偿。"],
    "rules/delay.md": ["快件延误超过七日的，寄件人可以要求退还运费。"],
    "rules/privacy.md": ["经营快递业务的企业不得出售、泄露用户的个人信息。"],
    "rules/ids.md": ["单号SF1234567890的快件已于2026-11-30签收。"],
    "laws/art20.md": ["第二十条 经营快递业务的企业应当依法保护其从业人员的合法权益。"],
}


def needs_usearch():
    # Through luodi's guard: importing usearch before onnxruntime crashes the process (ann.py).
    from luodi.index import ann

    if not ann.available():
        pytest.skip("usearch is not installed (the 'ann' extra)")


@pytest.fixture
def emb():
    return HashEmbedder()


@pytest.fixture
def kb(store, add, emb):
    ids = {uri: add(store, uri, texts, embedder=emb) for uri, texts in CORPUS.items()}
    return store, ids


@pytest.mark.parametrize("mode", ["keyword", "dense", "hybrid"])
def test_modes_find_the_obvious_chunk(kb, emb, mode):
    store, _ = kb
    hits = Retriever(store, emb, mode=mode).search("快件丢失 保价 赔偿", k=3)
    assert hits[0].document == "rules/lost.md"
    assert hits[0].text.startswith("快件丢失")
    if mode == "hybrid":
        assert set(hits[0].scores) == {"keyword", "dense", "clause", "clause2"}
        assert hits[0].scores["clause"] >= hits[0].scores["clause2"]


@pytest.mark.parametrize(
    ("query", "uri"),
    [("SF1234567890", "rules/ids.md"), ("第20条", "laws/art20.md"), ("Article 20", "laws/art20.md"),
     ("快遞延誤", "rules/delay.md")],
)
def test_keyword_exact_ids_articles_and_traditional(kb, emb, query, uri):
    store, _ = kb
    assert Retriever(store, emb, mode="keyword").search(query, k=1)[0].document == uri


def test_hit_shape(kb, emb):
    store, ids = kb
    hit = Retriever(store, emb).search("个人信息", k=1)[0]
    assert hit.document_id == ids["rules/privacy.md"]
    assert hit.chunk_id > 0 and hit.score > 0 and hit.section == ""
    assert set(hit.to_dict()) >= {"document", "section", "text", "score", "scores"}


def test_filters_restrict_before_ranking(store, add, emb):
    # Many better matches elsewhere: a post-filtered top-k would come back empty.
    for i in range(30):
        add(store, f"other/{i}.md", ["快件丢失赔偿 快件丢失赔偿 保价"], embedder=emb,
            collection="other")
    target = add(store, "mine.md", ["丢失的东西要赔偿"], embedder=emb, collection="mine",
                 effective="2026-01-01")
    r = Retriever(store, emb, depth=5)
    for kwargs in ({"collection": "mine"}, {"document_ids": {target}}):
        hits = r.search("快件丢失赔偿", k=3, **kwargs)
        assert [h.document for h in hits] == ["mine.md"]
    assert r.search("快件丢失赔偿", k=3, collection="nope") == []
    assert r.search("快件丢失赔偿", k=3, document_ids={2**70, -1}) == []  # ids no store has
    assert r.search("丢失的东西要赔偿", k=1, as_of="2025-12-31")[0].document != "mine.md"
    assert r.search("丢失的东西要赔偿", k=1, as_of="2026-06-01")[0].document == "mine.md"


def test_incremental_add_update_forget(kb, emb, add):
    store, ids = kb
    r = Retriever(store, emb)
    assert all(h.document != "new.md" for h in r.search("冷链 生鲜", k=5))
    first = r.refresh()
    add(store, "new.md", ["生鲜快件应当使用冷链运输。"], embedder=emb)
    assert r.search("冷链 生鲜", k=1)[0].document == "new.md"
    snap = r.refresh()
    assert snap.keyword is not first.keyword and len(snap.ids) == len(first.ids) + 1
    # A new version replaces the old chunk.
    add(store, "rules/delay.md", ["快件延误超过三日的，寄件人可以要求退还运费。"], embedder=emb)
    hits = r.search("延误 退还运费", k=5)
    assert [h.text for h in hits if h.document == "rules/delay.md"] == [
        "快件延误超过三日的，寄件人可以要求退还运费。"]
    store.forget(ids["rules/privacy.md"])
    assert all(h.document != "rules/privacy.md" for h in r.search("个人信息 泄露", k=10))
    assert r.refresh().n_live == len(CORPUS)  # 5 + new - privacy


def test_lazy_embedding_writes_vectors_back(store, add, emb):
    add(store, "a.md", ["快件丢失的赔偿规则"], embedder=emb, with_vectors=False)
    add(store, "b.md", ["用户个人信息的保护"], embedder=emb, with_vectors=False)
    r = Retriever(store, emb, mode="dense")
    assert r.search("个人信息", k=1)[0].document == "b.md"
    assert len(dict(store.vectors(emb.name))) == 2
    assert r.refresh().generation == store.generation()  # own write-back needs no reload


def test_without_embedder_hybrid_is_keyword(kb):
    store, _ = kb
    r = Retriever(store, None)
    assert r.mode == "keyword"
    assert r.search("个人信息", k=1)[0].document == "rules/privacy.md"
    with pytest.raises(ConfigError):
        Retriever(store, None, mode="dense")
    with pytest.raises(ConfigError):
        Retriever(store, None, mode="magic")


def test_empty_store_and_query(store, emb):
    r = Retriever(store, emb)
    assert r.search("任何", k=5) == []
    assert r.search("   ", k=5) == []


def test_compaction_after_many_removals(store, add, emb, monkeypatch):
    import luodi.retrieve.retriever as mod

    monkeypatch.setattr(mod, "COMPACT_DEAD_FRACTION", 0.3)
    docs = [add(store, f"d{i}.md", [f"文档{i} 快件"], embedder=emb) for i in range(10)]
    r = Retriever(store, emb)
    r.refresh()
    for d in docs[:5]:
        store.forget(d)
    r.refresh()
    monkeypatch.setattr(mod, "COMPACT_MIN_SLOTS", 0)
    add(store, "late.md", ["迟到的快件"], embedder=emb)
    snap = r.refresh()
    assert snap.n_live == 6 and len(snap.ids) == 6  # dead slots dropped by the rebuild
    assert r.search("迟到", k=1)[0].document == "late.md"


def test_concurrent_searches_during_updates(store, add, emb):
    add(store, "base.md", ["基础 文档 快件"], embedder=emb)
    r = Retriever(store, emb)
    errors = []

    def reader():
        try:
            for _ in range(40):
                hits = r.search("快件", k=50)
                # Each search sees a whole snapshot: every hit is a current chunk.
                assert len({h.chunk_id for h in hits}) == len(hits)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(15):
        add(store, f"n{i}.md", [f"新增 快件 {i}"], embedder=emb)
    for t in threads:
        t.join()
    assert not errors
    assert len(r.search("快件", k=100)) == 16


def test_ann_on_matches_exact(store, add, emb):
    needs_usearch()
    for i in range(60):
        add(store, f"v{i}.md", [f"第{i}号 规则 快件 {'赔偿' if i % 3 else '延误'} {i * 7}"],
            embedder=emb)
    exact = Retriever(store, emb, mode="dense", ann="off")
    approx = Retriever(store, emb, mode="dense", ann="on")
    for q in ("快件赔偿 21", "延误 第9号", "规则"):
        e = [h.chunk_id for h in exact.search(q, k=5)]
        a = [h.chunk_id for h in approx.search(q, k=5)]
        assert approx.ann_active
        assert len(set(e) & set(a)) >= 4
    doc = add(store, "fresh.md", ["全新 独特 条目 zebra"], embedder=emb)
    assert approx.search("全新 独特 条目 zebra", k=1)[0].document == "fresh.md"
    store.forget(doc)
    assert all(h.document != "fresh.md" for h in approx.search("全新 独特 条目 zebra", k=5))
    # Filtered queries use exact search over the candidates.
    hits = approx.search("规则", k=3, document_ids={1})
    assert [h.document_id for h in hits] == [1]


def test_ann_keeps_the_best_of_each_script_for_an_english_question(store, add, emb):
    # As exact search does: a graph's nearest rows to an English question with Chinese
    # translations in its vector may all be Chinese, and the English guide must still be fused.
    needs_usearch()
    for i in range(60):
        add(store, f"v{i}.md", [f"第{i}号 快件 赔偿 规则 {i * 7}"], embedder=emb)
    add(store, "guide.md", ["Parcels to Japan take 3 to 5 days.", "Zone A is Japan."], embedder=emb)
    exact = Retriever(store, emb, mode="dense", ann="off")
    approx = Retriever(store, emb, mode="dense", ann="on")
    approx.search("快件", k=1)
    assert approx.ann_active
    snap, snap_e = approx.refresh(), exact.refresh()
    qvec = approx.query_vector("How long does a parcel take?", snap)
    english = {s for s in range(len(snap.ids)) if snap.script[s] == across.NO_CJK}
    got = approx._dense(snap, qvec, None, 5, by_script=True)
    want = exact._dense(snap_e, qvec, None, 5, by_script=True)
    assert set(got) & english == set(want) & english == english  # both English chunks
    assert len(set(got) - english) == 5
    assert len(approx._dense(snap, qvec, None, 5)) == 5  # a Chinese question: one list
    # a graph whose nearest rows are all Chinese: the English chunks are searched exactly
    from luodi.retrieve.nearest import nearest

    class ChineseOnly:
        def search(self, q, k):
            rows = [r for r in range(snap.vectors.n_rows) if int(snap.vectors.owner[r]) not in english]
            return np.asarray(rows[:k]), np.zeros(min(k, len(rows)))

    assert set(nearest(snap, qvec, None, 5, True, ChineseOnly())) & english == english


def test_ann_auto_builds_in_the_background_above_threshold(store, add, emb):
    needs_usearch()
    import time

    for i in range(12):
        add(store, f"a{i}.md", [f"条目{i} 快件 规则 {i}"], embedder=emb)
    r = Retriever(store, emb, mode="dense", ann="auto", ann_threshold=10)
    first = r.search("条目3 快件", k=3)  # exact until the graph is ready
    for _ in range(200):
        if r.ann_active:
            break
        time.sleep(0.02)
    assert r.ann_active
    assert [h.chunk_id for h in r.search("条目3 快件", k=3)] == [h.chunk_id for h in first]


def test_batched_build_equals_single_batch(kb, emb, monkeypatch):
    import luodi.retrieve.retriever as mod

    store, _ = kb
    whole = Retriever(store, emb).search("快件 赔偿 信息", k=5)
    monkeypatch.setattr(mod, "DELTA_BATCH", 2)
    batched = Retriever(store, emb).search("快件 赔偿 信息", k=5)
    assert [(h.chunk_id, h.score) for h in batched] == [(h.chunk_id, h.score) for h in whole]


class RecordingEmbedder(HashEmbedder):
    """HashEmbedder that remembers the query texts it was asked to embed."""

    def __init__(self):
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text):
        self.queries.append(text)
        return super().embed_query(text)


def test_query_is_embedded_in_the_corpus_script(store, add):
    emb = RecordingEmbedder()
    add(store, "simp.md", ["快件丢失的，经营快递业务的企业应当按照保价金额赔偿。"], embedder=emb)
    r = Retriever(store, emb, mode="hybrid")
    r.search("快遞丟失誰來賠償", k=1)
    assert emb.queries == ["快递丢失谁来赔偿"]
    assert r.refresh().traditional_share == 0.0
    # The corpus turns mostly traditional: the same question is now embedded as asked.
    for i in range(3):
        add(store, f"trad{i}.md", ["快件遺失的，經營快遞業務的企業應當按照保價金額賠償。"], embedder=emb)
    r.search("快遞丟失誰來賠償", k=1)
    assert emb.queries[-1] == "快遞丟失誰來賠償"
    assert r.refresh().traditional_share == 0.75


def test_english_question_finds_chinese_chunk_by_keyword(kb, emb):
    store, _ = kb
    r = Retriever(store, emb, mode="keyword")
    assert r.search("Will the company compensate me for a lost express parcel?", k=1)[0].document \
        == "rules/lost.md"
    assert r.search("Can they sell my personal information?", k=1)[0].document == "rules/privacy.md"


def test_an_english_question_is_embedded_with_its_commonest_translations(kb, emb, monkeypatch):
    store, _ = kb
    seen: list[str] = []
    real = emb.embed_query
    monkeypatch.setattr(emb, "embed_query", lambda text: seen.append(text) or real(text))
    r = Retriever(store, emb, mode="hybrid")
    r.search("Must a courier company compensate for a lost parcel?", k=2)
    r.search("快件丢失怎么赔偿", k=2)
    english, chinese = seen
    assert english.startswith("Must a courier company compensate for a lost parcel? ")
    assert english.split("? ", 1)[1].split() == ["企业", "赔偿"]  # the corpus's own words, once each
    assert chinese == "快件丢失怎么赔偿"  # nothing to translate


def test_an_english_question_meets_english_passages_beside_closer_chinese_ones(kb, emb, add, monkeypatch):
    # The translations in an English question's vector draw it to every Chinese passage: the
    # dense side keeps the best n of each script, and fusion normalises each list on its own.

    store, _ = kb
    add(store, "guide.md", ["Parcels to Japan take 3 to 5 business days."], embedder=emb)
    r = Retriever(store, emb, mode="hybrid")
    snap = r.refresh()
    qvec = r.query_vector("How long does a parcel to Japan take?", snap)
    english = {s for s in range(len(snap.ids)) if snap.script[s] == across.NO_CJK}
    one = r._dense(snap, qvec, None, 1)
    both = r._dense(snap, qvec, None, 1, by_script=True)
    assert len(both) == 2 and english & set(both) and set(both) - english
    assert set(one) <= set(both)
    lists = across.by_script(snap, both)
    assert [set(x) & english == set(x) for x in lists] == [True, False]
    assert across.by_script(snap, {s: 0.5 for s in english}) == [{s: 0.5 for s in english}]
    hits = r.search("How long does a parcel to Japan take?", k=2)
    assert hits[0].document == "guide.md"


def test_a_chinese_query_over_english_passages_searches_their_glosses(store, add, emb):
    guide = add(store, "guide.md", ["3.3 A fuel surcharge of 12% of the freight is added.",
                                    "5.1 Perfume may not be sent by air."], embedder=emb)
    manual = add(store, "手册.md", ["第十条 保价费按声明价值的0.5%收取。"], embedder=emb)
    retriever = Retriever(store, emb, mode="keyword")
    # 燃油 → fuel, 附加费 → surcharge, through the dictionary: only where every passage is English
    hits = retriever.search("燃油附加费怎么收？", k=2, document_ids={guide})
    assert hits and hits[0].text.startswith("3.3") and hits[0].scores["keyword"] > 0
    assert [h.document_id for h in retriever.search("燃油附加费怎么收？", k=3)] in ([], [manual])


def test_the_documents_written_in_chinese_are_named_only_beside_others(kb, emb, add):
    store, ids = kb
    r = Retriever(store, emb)
    assert r.chinese_documents() == set()  # all Chinese: an English question searches them anyway
    guide = add(store, "guide.md", ["Zone A covers Japan.", "Feige Express (飞鸽快递) ships abroad.",
                                    "Parcels weigh at most 30 kg."], embedder=emb)
    assert r.chinese_documents() == set(ids.values())  # a name in Chinese does not make the guide Chinese
    assert guide not in r.chinese_documents()


def test_an_english_question_weighs_each_scripts_keyword_evidence_on_its_own(kb, emb, add, monkeypatch):
    # BM25 over an English passage's own words outscores BM25 over a Chinese passage's
    # dictionary translations: one keyword list let an English FAQ sharing a word ("charge" a
    # battery) crowd out the Chinese rule that answers (bench/english.py, English questions over
    # the Chinese manual: the right rule in the top 5 for 2 of 12, now 6).
    store, _ = kb
    add(store, "faq.md", ["Q1. A lost parcel is reported to the outlet at once.",
                          "Q2. Lift parcels over 25 kg with two people."], embedder=emb)
    seen: list[list[dict]] = []
    real = across.fuse
    monkeypatch.setattr(across, "fuse", lambda lists, *a: seen.append(lists) or real(lists, *a))
    r = Retriever(store, emb, mode="hybrid")
    snap = r.refresh()
    english = {s for s in range(len(snap.ids)) if snap.script[s] == across.NO_CJK}
    r.search("What compensation is paid for a lost parcel?", k=3)
    kw_latin, kw_han, dense_latin, dense_han = seen[-1]
    assert set(kw_latin) <= english and set(dense_latin) <= english
    assert kw_han and not set(kw_han) & english and not set(dense_han) & english
    r.search("快件丢失谁赔偿", k=3)  # a Chinese question: one list each
    assert len(seen[-1]) == 2


def test_hybrid_weights_follow_each_lists_sharpness_unless_turned_off(kb, emb, add, monkeypatch):
    store, ids = kb
    add(store, "rules.md", [f"第{i}条 快件在第{i}个网点中转，记录保存{i}天。" for i in range(1, 13)],
        embedder=emb)
    seen: list[tuple] = []
    real = across.fuse
    monkeypatch.setattr(across, "fuse", lambda lists, method, weights, k: seen.append(weights)
                        or real(lists, method, weights, k))
    q = "网点中转的记录保存几天"
    r = Retriever(store, emb)
    r.search(q, k=3)  # twelve rules share the question's words: BM25 is flat, the vectors less so
    assert seen[-1] == sharpness_weights(*r.score_lists(q), (0.4, 0.6))
    assert seen[-1][0] < 0.4 and sum(seen[-1]) == pytest.approx(1.0)
    Retriever(store, emb, adaptive=False).search(q, k=3)
    assert seen[-1] == (0.4, 0.6)
    Retriever(store, emb, fusion="rrf").search(q, k=3)  # rank fusion keeps its weights
    assert seen[-1] == (0.4, 0.6)
    Retriever(store, emb).search(q, k=3, document_ids={ids["rules/lost.md"]})  # a pool under ten
    assert seen[-1] == (0.4, 0.6)


def test_the_embedded_translations_are_the_dictionarys_not_our_glossarys(store, add, emb, monkeypatch):
    # our glossary's words serve keyword groups and the answer stage; the vector keeps the
    # dictionary's (appending them moved English questions on the laws set both ways)
    add(store, "rules.md", ["快递员应当核验信使的证件。", "快递员不得私拆快件。", "快递员应当佩戴工牌。"], embedder=emb)
    seen: list[str] = []
    real = emb.embed_query
    monkeypatch.setattr(emb, "embed_query", lambda text: seen.append(text) or real(text))
    r = Retriever(store, emb, mode="hybrid")
    hits = r.search("Who is the courier?", k=3)
    assert seen == ["Who is the courier? 信使"]  # not 快递员, which the rules use more often
    assert hits and all("快递员" in h.text for h in hits)  # which keyword search meets through our glossary
    # a word of both (延误: the dictionary's "postpone", our "delay") is the dictionary's to append
    seen.clear()
    add(store, "delays.md", ["快件延误的，退还运费。"], embedder=emb)
    Retriever(store, emb, mode="hybrid").search("Can a parcel be postponed?", k=1)
    assert seen[0].endswith(" 延误")


def test_a_code_alone_finds_its_document_whatever_its_script(store, add, emb):
    # An all-ASCII query is not an English question when it is only a code: English and Chinese
    # passages are not ranked each on its own, so a code shared in part is not first.
    add(store, "zh.md", ["采购制度（文件编号：KM-CG-2025-03）"], embedder=emb)
    add(store, "en.md", ["Travel policy, document KM-TR-2025-01."], embedder=emb)
    assert not across.english("KM-CG-2025-03") and across.english("KM-CG-2025-03 travel policy")
    for mode in ("keyword", "hybrid"):
        assert Retriever(store, emb, mode=mode).search("KM-CG-2025-03", k=2)[0].document == "zh.md"


def test_a_code_without_its_prefix_finds_its_document(store, add, emb):
    add(store, "zh.md", ["采购制度（文件编号：KM-CG-2025-03）"], embedder=emb)
    add(store, "en.md", ["Travel policy, document KM-TR-2025-01."], embedder=emb)
    add(store, "other.md", ["报销制度（文件编号：2025-03）"], embedder=emb)
    hits = Retriever(store, emb, mode="keyword").search("CG-2025-03", k=3)
    assert [h.document for h in hits] == ["zh.md"]  # not the month 2025-03, nor another prefix's code


def test_days_in_digits_find_days_in_numerals_first(store, add, emb):
    add(store, "pw.md", ["第二条 员工密码每九十天至少更换一次。"], embedder=emb)
    add(store, "leave.md", ["第三条 员工婚假为带薪假期10天。"], embedder=emb)
    assert Retriever(store, emb, mode="keyword").search("90天", k=2)[0].document == "pw.md"
