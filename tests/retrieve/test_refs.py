"""Questions that cite an article by number get that article first (luodi.retrieve.refs)."""

from __future__ import annotations

import pytest

from luodi.index.dense import HashEmbedder
from luodi.retrieve import Retriever
from luodi.retrieve.refs import (
    NONE,
    all_citations,
    article_span,
    chapter_citations,
    chapter_of,
    citations,
    label_of,
    lifted,
    marked_articles,
    parts_cited,
    without_citations,
)


@pytest.mark.parametrize(("section", "key"), [
    ("飞鸽快递月结协议客户服务规则 > 第三章 服务 > 第十二条", 1200),
    ("飛鴿大件快運服務說明 > 第二章 預約與收寄 > 第五條", 500),
    ("刑法 > 第二百八十七条之一", 28701),
    ("Guide > Section 1. Scope", 100),
    ("Safety FAQ > Q12. How heavy a parcel may I lift alone?", 10**7 + 1200),  # not Section 12
    ("Rules > Article 21", 2100),
    ("第三章 服务", NONE),
    ("Guide > Rules for packaging", NONE),
    ("规则 > 第99999999999999999999条", NONE),  # past any rule book: no key, no overflow
    ("规则 > 第1条之100", NONE),
    ("", NONE),
])
def test_label_of_reads_the_last_step_of_the_section_path(section, key):
    assert label_of(section) == key


@pytest.mark.parametrize(("query", "expected"), [
    ("月结规则第十二条说了什么", [(1200, "月结规则")]),
    ("《快递暂行条例》第40条规定了什么", [(4000, "快递暂行条例")]),
    ("请问个保法第二十一条", [(2100, "请问个保法")]),
    ("邮政法第三十五条和第三十六条", [(3500, "邮政法"), (3600, "邮政法")]),
    ("大件快運服務說明第五條講什麼", [(500, "大件快运服务说明")]),
    ("What does Article 21 of the Personal Information Protection Law say?",
     [(2100, "personal information protection law")]),
    ("个人信息保护法 Article 21", [(2100, "个人信息保护法")]),
    ("What does Q12 of the driver safety FAQ say?", [(10**7 + 1200, "driver safety faq")]),
    ("What is the Q4 shipping deadline?", []),  # a quarter, not an FAQ entry
    # an English name before the number: a name only if some document fits it (names.scope)
    ("What do the cold chain rules, article 5, say?", [(500, "\x00cold chain rules")]),
    ("the Labour Law's Article 36", [(3600, "\x00labour law")]),
    ("In the Law on Road Traffic Safety, what does Article 5 say?", [(500, "\x00law on road traffic safety")]),
    ("What is the fine for late delivery under article 5?", [(500, "")]),  # not a name's end
    ("Follow the instructions in article 5", [(500, "")]),
    ("What are the standard rates in section 3?", [(300, "")]),
    ("Is there a notice period in article 5?", [(500, "")]),
    ("操作手册第三条和月结规则第五条说了什么", [(300, "操作手册"), (500, "和月结规则")]),
    ("月结规则第一条到第五条说了什么", [(100, "月结规则"), (500, "月结规则")]),
    ("How do I quit?", []),
    ("个保法第21条的规定，和第22条有什么不同", [(2100, "个保法"), (2200, "个保法")]),
    ("第四十条的罚款是多少", [(4000, "")]),
    ("第十二条", [(1200, "")]),
    # 条 is also a measure word: "the second metro line", "the first message"
    ("第二条地铁线在哪里", []),
    ("我收到的第一条消息", []),
    ("快件丢了怎么赔", []),
])
def test_citations_and_the_names_before_them(query, expected):
    assert citations(query) == expected


@pytest.mark.parametrize(("query", "parts", "cited"), [
    ("快递暂行条例第四十条第二款第（一）项说了什么", [(4000, 2, 1)], [(4000, "快递暂行条例")]),
    ("第40条第2款", [(4000, 2, 0)], [(4000, "")]),
    ("個保法第十三條第二項講什麼", [(1300, 0, 2)], [(1300, "个保法")]),
    ("邮政法第三十五条第一款和第三十六条", [(3500, 1, 0)], [(3500, "邮政法"), (3600, "邮政法")]),
    ("What does Article 40(2) of the Postal Law say?", [(4000, 2, 0)], [(4000, "postal law")]),
    ("Show me paragraph 2 of Article 19", [(1900, 2, 0)], [(1900, "")]),
    ("What does item 3 of Article 40 of the Postal Law say?", [(4000, 0, 3)], [(4000, "postal law")]),
    ("Show me paragraph 12, item 13 of the Article 19", [(1900, 12, 13)], [(1900, "")]),
    ("Article 13(1)(2)", [(1300, 1, 2)], [(1300, "")]),
    ("个保法第二十一条", [], [(2100, "个保法")]),
    ("第二条地铁线第三款", [], []),  # no citation: nothing of it either
    # listed after the article's: of that article
    ("邮政法第十条第二款和第三款", [(1000, 2, 0), (1000, 3, 0)], [(1000, "邮政法"), (1000, "邮政法")]),
    ("第四十条第二款第一项、第(三)项", [(4000, 2, 1), (4000, 2, 3)], [(4000, ""), (4000, "")]),
])
def test_a_paragraph_or_item_of_an_article_is_read_with_it(query, parts, cited):
    assert [(c.key, c.para, c.item) for c in parts_cited(query)] == parts
    assert citations(query) == cited


def test_a_part_belongs_to_the_document_it_is_cited_with():
    cites = parts_cited("快递暂行条例第四十条第二款和快递市场管理办法第四十条说了什么")
    assert [(c.key, c.mention, c.para) for c in cites] == [(4000, "快递暂行条例", 2)]


def test_article_span_finds_a_stated_article_not_a_reference():
    text = "第一条 快件应当当面验收。第二条 违反第五条规定的，责令改正。\n第三條 生鮮件當日派送。"
    assert text[slice(*article_span(text, 200))] == "第二条 违反第五条规定的，责令改正。\n"
    assert text[slice(*article_span(text, 300))] == "第三條 生鮮件當日派送。"
    assert article_span(text, 100) == (0, text.index("第二条"))
    assert article_span(text, 500) is None  # only referred to
    assert article_span("地铁开通了。第五条线路在建。", 500) is None  # a measure word
    dotted = "第一条　见下文…\n第二条　网点应当公示收费标准。"  # NFKC makes … three dots
    assert dotted[slice(*article_span(dotted, 200))] == "第二条　网点应当公示收费标准。"


def test_lifted_puts_named_and_competitive_unnamed_articles_first_named_and_competitive_unnamed_articles():
    scores = {1: 0.9, 2: 0.8, 3: 0.7, 4: 0.05}
    best, n = lifted(scores, named=[3], unnamed=[], tiebreak={}, k=3)
    assert best == [(3, 0.7), (1, 0.9), (2, 0.8)] and n == 1
    # A citation naming no document: another document's article far below the best one stays put.
    best, n = lifted(scores, named=[], unnamed=[3, 4], tiebreak={}, k=4)
    assert [s for s, _ in best] == [3, 1, 2, 4] and n == 1
    # Cited articles no retriever listed come in order of their cosine, after listed ones.
    best, n = lifted(scores, named=[7, 8, 2], unnamed=[], tiebreak={7: 0.2, 8: 0.4}, k=5)
    assert [s for s, _ in best] == [2, 8, 7, 1, 3] and n == 3 and best[1] == (8, 0.0)
    # A bare citation (nothing asked but the text) lifts every document's article.
    best, n = lifted(scores, named=[], unnamed=[3, 4], tiebreak={}, k=4, every=True)
    assert [s for s, _ in best] == [3, 4, 1, 2] and n == 2


RULES = {
    "handbook/月结协议客户服务规则.md": ("飞鸽快递月结协议客户服务规则", [
        "第一条 为规范月结协议客户的准入、结算和服务，制定本规则。",
        "第二条 本规则所称月结协议客户，是指按自然月汇总结算运费的企业。",
        "第十二条 月结协议客户通过电子面单系统或开放接口下单。",
    ]),
    "handbook/飞鸽快递业务操作手册.md": ("飞鸽快递业务操作手册", [
        "第十一条 取件员应当佩戴工牌。",
        "第十二条 取件员应当在到达取件地址前30分钟致电客户。",
        "第六十二条 第十二条规定的电话应当录音。",
    ]),
    "handbook/lines.md": ("", ["第二条地铁线沿线的网点每天加派一班车。"]),
}


@pytest.fixture
def kb(store, add):
    emb = HashEmbedder()
    ids = {}
    for uri, (title, texts) in RULES.items():
        sections = [f"{title} > {t.split()[0]}" if title else "" for t in texts]
        ids[uri] = add(store, uri, texts, embedder=emb, sections=sections)
    return Retriever(store, emb), ids


def _sections(hits):
    return [(h.document.split("/")[-1], h.section.rsplit("> ", 1)[-1]) for h in hits]


@pytest.mark.parametrize("query", ["月结协议客户服务规则第十二条", "月结规则第12条说了什么",
                                   "《月结协议客户服务规则》第十二条",
                                   "What does rule 12 of the monthly settlement rules say?"])
def test_the_cited_article_of_the_named_document_comes_first(kb, query):
    retriever, _ = kb
    hits = retriever.search(query, k=3)
    assert _sections(hits)[0] == ("月结协议客户服务规则.md", "第十二条")
    assert hits[0].scores["cited"] == 1.0 and "cited" not in hits[1].scores


@pytest.mark.parametrize("query", ["What does rule 12 of the operations manual say?",
                                   "operations manual article 12", "What does the operations manual's article 12 say?"])
def test_an_english_citation_names_a_chinese_document_through_the_dictionary(kb, query):
    retriever, _ = kb
    hits = retriever.search(query, k=3)
    assert _sections(hits)[0] == ("飞鸽快递业务操作手册.md", "第十二条")
    assert [bool(h.scores.get("cited")) for h in hits] == [True, False, False]


@pytest.mark.parametrize("query", ["第十二条", "本规则第十二条"])
def test_an_unnamed_citation_lists_each_documents_article(kb, query):
    retriever, _ = kb
    top = _sections(retriever.search(query, k=2))
    assert sorted(top) == [("月结协议客户服务规则.md", "第十二条"), ("飞鸽快递业务操作手册.md", "第十二条")]


@pytest.mark.parametrize("query", ["第十二条", "第12条讲了什么？", "What does Article 12 say?"])
def test_a_bare_citation_lists_every_documents_article_however_its_words_score(store, add, query):
    # each document's rule 12 is worded unlike the others, and some have long articles that only
    # mention a 第一百一十二条: the fused score (mostly the dense side's) says nothing of which
    emb = HashEmbedder()
    topics = ["冷链生鲜件应当使用冷藏车运输。", "大件货物须预约上门。", "港澳台件须如实申报。",
              "月结客户按自然月结算。", "Parcels over 30 kg need two handlers.", "保价费按声明价值的千分之五收取。"]
    for i, topic in enumerate(topics):
        number = "Article 12" if topic.isascii() else "第十二条"
        texts = [f"{number} {topic}", f"第一百一十二条 依照第一百一十二条处理，另见第一百二十条。{i}"]
        add(store, f"rules/{i}.md", texts, embedder=emb, sections=[f"规则{i} > {number}", f"规则{i} > 第一百一十二条"])
    hits = Retriever(store, emb).search(query, k=len(topics))
    assert {h.document for h in hits} == {f"rules/{i}.md" for i in range(len(topics))}
    assert all(h.scores.get("cited") and h.section.endswith(("第十二条", "Article 12")) for h in hits)


def test_a_citation_does_not_escape_the_filters(kb):
    retriever, ids = kb
    hits = retriever.search("月结规则第十二条", k=3, document_ids={ids["handbook/飞鸽快递业务操作手册.md"]})
    assert hits and all(h.document.endswith("飞鸽快递业务操作手册.md") for h in hits)
    assert not any("cited" in h.scores for h in hits)  # its rule 12 is not 月结规则's
    assert retriever.search("第十二条", k=1, document_ids={ids["handbook/飞鸽快递业务操作手册.md"]})[0].scores["cited"]


@pytest.mark.parametrize("query", ["月结规则第九十九条说了什么", "道交法第十二条", "《冷链规范》第十二条",
                                   "What does rule 12 of the aviation safety rules say?"])
def test_no_article_of_another_document_stands_in(kb, query):
    # the named document lacks the article, or the knowledge base lacks the document
    assert not any("cited" in h.scores for h in kb[0].search(query, k=5))


def test_a_measure_word_is_not_a_citation(kb):
    retriever, _ = kb
    hits = retriever.search("第二条地铁线", k=3)
    assert hits[0].document.endswith("lines.md") and "cited" not in hits[0].scores


def test_a_forgotten_document_is_no_longer_cited(kb, store):
    retriever, ids = kb
    assert retriever.search("月结规则第十二条", k=1)[0].document.endswith("月结协议客户服务规则.md")
    store.forget(ids["handbook/月结协议客户服务规则.md"])
    hits = retriever.search("月结规则第十二条", k=3)
    assert not any(h.document.endswith("月结协议客户服务规则.md") or "cited" in h.scores for h in hits)
    assert _sections(retriever.search("第十二条", k=1)) == [("飞鸽快递业务操作手册.md", "第十二条")]
    snap = retriever.refresh()
    assert len(snap.labels) == len(snap.ids)


def test_a_cited_article_on_a_past_day_is_the_version_then_in_force(store, add):
    emb = HashEmbedder()
    old, new = "第五条 每件快件最多派送3次。", "第五条 每件快件最多派送2次。"
    add(store, "rules.md", [old], embedder=emb, sections=["派送规则 > 第五条"], effective="2025-01-01")
    add(store, "rules.md", [new], embedder=emb, sections=["派送规则 > 第五条"], effective="2027-01-01")
    add(store, "faq.md", ["第四条 快件派送前应当电话联系收件人。"] * 2, embedder=emb,
        sections=["常见问题 > 第四条", "常见问题 > 第五条"])
    r = Retriever(store, emb)
    now, then = r.search("派送规则第五条", k=2), r.search("派送规则第五条", k=2, as_of="2026-06-01")
    assert (now[0].text, now[0].scores.get("cited")) == (new, 1.0)
    assert (then[0].text, then[0].scores.get("cited"), then[0].superseded) == (old, 1.0, True)
    assert not any(h.scores.get("cited") for h in now[1:] + then[1:])  # not the FAQ's 第五条


@pytest.mark.parametrize(("section", "key"), [
    ("飞鸽快递业务操作手册 > 第二章 收寄与上门取件 > 第十二条", 200),
    ("个人信息保护法 > 第二章 个人信息处理规则 > 第一节 一般规定 > 第十三条", 201),
    ("個保法 > 第二章 規則 > 第二節 敏感個人資訊 > 第二十八條", 202),
    ("操作手册 > 第三章 服务", 300),  # a paragraph under the chapter's heading
    ("操作手册 > 第十二条", NONE),
    ("Guide > Section 2", NONE),
])
def test_chapter_of_reads_the_chapter_and_its_section(section, key):
    assert chapter_of(section) == key


@pytest.mark.parametrize(("query", "chapters"), [
    ("快递手册第二章讲了什么？", [(200, "快递手册")]),
    ("个保法第二章第一节说了什么", [(201, "个保法")]),
    ("業務操作手冊第二章講什麼", [(200, "业务操作手册")]),
    ("第二章和第三章有什么不同", [(200, ""), (300, "")]),
    ("月结规则第二章第七条", []),  # an article: the more exact citation
    ("第三节课几点开始", []),  # 节 is a measure word too
    ("What does Chapter 5 of the Postal Law cover?", [(500, "postal law")]),
    ("操作手册第三章实名收寄有哪些规定", [(300, "操作手册")]),  # its heading after the number
    ("个保法第二章第一节课", []),
    ("个保法第二章第二节和第三节讲了什么", [(202, "个保法"), (203, "个保法")]),  # listed sections
    ("第二章第一节、第二节课", [(201, "")]),
])
def test_chapter_citations(query, chapters):
    assert chapter_citations(query) == chapters


CHAPTERED = [
    ("手册 > 第一章 总则 > 第一条", "第一条 为规范收寄和派送，制定本手册。"),
    ("手册 > 第二章 收寄 > 第二条", "第二条 取件员应当在到达前30分钟致电客户。"),
    ("手册 > 第二章 收寄 > 第三条", "第三条 收寄完成后10分钟内完成揽收扫描。"),
    ("手册 > 第三章 派送 > 第四条", "第四条 派送前应当致电收件人，确认收寄地址。"),
]


def test_a_cited_chapter_puts_its_articles_first(store, add):
    emb = HashEmbedder()
    add(store, "handbook/手册.md", [t for _, t in CHAPTERED], embedder=emb,
        sections=[s for s, _ in CHAPTERED])
    retriever = Retriever(store, emb)
    hits = retriever.search("手册第二章讲了什么", k=4)
    assert _sections(hits)[:2] in ([("手册.md", "第二条"), ("手册.md", "第三条")],
                                  [("手册.md", "第三条"), ("手册.md", "第二条")])
    assert [bool(h.scores.get("cited")) for h in hits] == [True, True, False, False]
    # its words order the chapter's articles among themselves
    assert _sections(retriever.search("手册第二章关于揽收扫描的规定", k=1)) == [("手册.md", "第三条")]
    assert not any(h.scores.get("cited") for h in retriever.search("手册第九章讲了什么", k=4))


def test_an_article_cited_beside_a_chapter_leads_it(store, add):
    emb = HashEmbedder()
    add(store, "handbook/手册.md", [t for _, t in CHAPTERED], embedder=emb,
        sections=[s for s, _ in CHAPTERED])
    hits = Retriever(store, emb).search("手册第二章和第四条说了什么", k=4)
    assert _sections(hits)[0] == ("手册.md", "第四条")
    assert sorted(_sections(hits)[1:3]) == [("手册.md", "第三条"), ("手册.md", "第二条")]
    assert [bool(h.scores.get("cited")) for h in hits] == [True, True, True, False]


@pytest.mark.parametrize("query", [
    "《最高人民法院关于审理劳动争议案件适用法律若干问题的解释（四）》第十一条说了什么",
    "最高人民法院关于审理劳动争议案件适用法律若干问题的解释（四）第十一条说了什么",
    "快递服务管理办法（试行）第三条说了什么",
    "《最高人民法院关于在民事审判工作中适用《中华人民共和国工会法》若干问题的解释》第六条说了什么",
    "宪法修正案（1999年）第十四条说了什么",
])
def test_a_long_or_bracketed_name_is_all_left_out_with_its_citation(query):
    """A name longer than the mention kept (its last characters) or ending in its own brackets
    is the citation's: nothing else is asked, so the article is quoted (luodi.answer.cited)."""
    [cite] = all_citations(query)
    assert cite.mention.endswith(("解释(四)", "办法(试行)", "若干问题的解释", "修正案(1999年)"))
    assert without_citations(query).split() == ["说了什么"]


@pytest.mark.parametrize(("text", "marked"), [
    ("个保法13条说什么", "个保法第13条说什么"),
    ("劳动法三十六条规定", "劳动法第三十六条规定"),
    ("手冊5條", "手冊第5條"),
    ("管理办法二十条之一", "管理办法第二十条之一"),
    ("个保法第13条", "个保法第13条"),  # already cited
    ("手册两条规则", "手册两条规则"),  # a count
    ("3条短信", "3条短信"),  # no rulebook named before it
    ("快递员每天派送3条线路", "快递员每天派送3条线路"),
    ("民法典1165条", "民法典第1165条"),
    # ordinary words in 法 or 例, and counts
    ("请举例3条", "请举例3条"), ("这个说法3条对吗", "这个说法3条对吗"), ("处理方法3条", "处理方法3条"),
    ("违反规则3条以上会被开除吗", "违反规则3条以上会被开除吗"),
])
def test_an_article_cited_without_its_di(text, marked):
    assert marked_articles(text) == marked
