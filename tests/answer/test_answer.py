"""The answer stage with a scripted model and a fixed list of passages (no index, no network)."""

from __future__ import annotations

from datetime import datetime

import pytest

from luodi.answer import Answerer, AskOptions
from luodi.models.fake import FakeModel
from luodi.retrieve.foreign import Named
from luodi.types import Hit

from .conftest import FixedRetriever

PASSAGES = [
    Hit(1, "handbook.md", "第十一章 > 第一百三十五条",
        "第一百三十五条 未保价快件丢失的，按实际损失赔偿，最高不超过运费的3倍，且单票最高不超过1000元。", 1.0, 10),
    Hit(2, "handbook.md", "第八章 > 第九十八条", "第九十八条 每件快件最多派送3次（含首次派送）。", 0.9, 10),
    Hit(3, "handbook.md", "第五章 > 第六十条", "第六十条 超过20公斤的快件，每件加收8元超重操作费。", 0.8, 10),
]


def ask(question, model=None, hits=PASSAGES, **kw):
    return Answerer(FixedRetriever(hits), model).ask(question, AskOptions(**kw))


def test_extractive_answer_cites_and_checks():
    a = ask("未保价的快件丢了最多赔多少钱？")
    assert not a.abstained and a.mode == "extractive" and a.route == "knowledge"
    assert "1000元" in a.answer and "[1]" in a.answer
    assert a.citations[0].chunk == 1 and "1000元" in a.citations[0].quote
    assert a.checks and all(c.supported for c in a.checks)


def test_declines_when_evidence_does_not_answer():
    a = ask("公司去年的营业收入是多少？")
    assert a.abstained and "没有找到" in a.answer
    assert a.citations  # the closest passages are shown


def test_declines_in_the_questions_language():
    assert ask("What was the company's revenue in 2025?").answer.startswith("Sorry")
    assert "沒有找到" in ask("公司去年的營業收入是多少？").answer


ENGLISH = Hit(4, "guide.md", "Section 7", "7.1 Uninsured shipments: compensation is the actual loss, "
              "at most CNY 1,000 (飞鸽快递 handbook, 第一百三十五条).", 0.7, 10)


def test_a_decline_over_passages_in_the_other_language_does_not_say_they_lack_the_answer():
    # The answer stage cannot check an English quote against Chinese passages, which is no
    # evidence that they do not hold the answer.
    other = ask("What was the company's revenue in 2025?")
    assert other.abstained and "in Chinese" in other.answer and "may hold the answer" in other.answer
    mixed = ask("What was the company's revenue in 2025?", hits=[*PASSAGES[:2], ENGLISH])
    assert mixed.abstained and "found nothing" in mixed.answer  # an English passage was listed too
    zh = ask("公司去年的营业收入是多少？", hits=[ENGLISH])
    assert zh.abstained and "英文" in zh.answer and "没有找到能回答" not in zh.answer


def test_numeric_questions_are_computed_not_retrieved():
    a = ask("9.11和9.8哪個大", hits=[])
    assert a.route == "numeric" and "9.8" in a.answer.splitlines()[0]
    assert a.checks[0].kind == "computed" and "0.69" in a.checks[0].detail


def test_dates_use_the_given_clock():
    a = ask("距离2026年12月25日还有几天", hits=[], now=datetime(2026, 11, 30, 9, 0))
    assert a.route == "numeric" and "25" in a.answer


def test_mixed_question_combines_evidence_with_exact_arithmetic():
    a = ask("超过20公斤的快件加收多少钱？我寄三件超重件一共多少钱？", hits=[PASSAGES[2]])
    computed = [c for c in a.checks if c.kind == "computed"]
    assert computed and computed[0].atom == "24 元" and "8 × 3 = 24" in computed[0].detail
    # the computed figure answers the question: it comes first, cited; the quotes support it
    first, rest = a.answer.split("\n", 1)
    assert "8 × 3 = 24" in first and first.endswith("[1]") and "8元" in rest


def test_llm_answer_with_valid_citation_is_kept():
    model = FakeModel([{"answer": "最多赔偿运费的3倍，单票不超过1000元。", "citations": [1], "insufficient": False}])
    a = ask("未保价的快件丢了最多赔多少钱？", model)
    assert a.mode == "llm" and "1000元" in a.answer and a.answer.endswith("[1]")
    assert all(c.supported for c in a.checks) and a.usage.model == "fake"
    assert model.calls and "[1]" in model.calls[0]["messages"][1]["content"]


def test_a_figure_computed_from_the_cited_rules_answers_in_llm_mode_without_a_model_call():
    model = FakeModel([{"answer": "三件一共30元。", "citations": [1], "insufficient": False}])
    a = ask("超过20公斤的快件加收多少钱？我寄三件超重件一共多少钱？", model, hits=[PASSAGES[2]])
    assert [c.atom for c in a.checks if c.kind == "computed"] == ["24 元"] and not model.calls


def test_llm_sentence_with_unsupported_number_is_removed():
    model = FakeModel([{"answer": "最多赔偿运费的3倍。单票最高赔偿5000元。", "citations": [1], "insufficient": False}])
    a = ask("未保价的快件丢了最多赔多少钱？", model)
    assert "5000" not in a.answer and "3倍" in a.answer
    assert a.extra.get("removed_unsupported") is True


def test_llm_answer_failing_verification_falls_back_to_extractive():
    model = FakeModel([{"answer": "单票最高赔偿5000元。", "citations": [1], "insufficient": False}])
    a = ask("未保价的快件丢了最多赔多少钱？", model)
    assert a.mode == "extractive" and "1000元" in a.answer and "5000" not in a.answer
    assert a.extra["fallback"] == "model answer failed verification"


def test_llm_answer_with_facts_of_its_own_falls_back_to_the_verified_quote():
    """No atom to check in "寄件人" where the rule says the recipient pays: the model's answer must
    reword the extractive one, not state something else."""
    duty = Hit(5, "guide.md", "4.4", "4.4 进口关税默认由收件人支付；寄件人可选择税费预付。", 1.0, 10)
    model = FakeModel([{"answer": "寄件人。", "citations": [1], "insufficient": False}])
    a = ask("国际件的进口关税默认由谁来付？", model, hits=[duty])
    assert a.mode == "extractive" and "收件人" in a.answer
    assert a.extra["fallback"] == "model answer failed verification"


def test_an_llm_answer_cites_the_sentences_that_support_it_not_its_own_words():
    model = FakeModel([{"answer": "最多派送3次。", "citations": [1, 2, 3], "insufficient": False}])
    a = ask("快件最多派送几次？", model)
    assert a.mode == "llm" and [c.chunk for c in a.citations] == [2]  # 3倍 and 8元 are no 3次
    assert a.citations[0].quote == "第九十八条 每件快件最多派送3次（含首次派送）。"
    assert [c.citation for c in a.checks] == [0] and a.checks[0].detail.endswith("in [0]")


def test_llm_garbage_and_bad_citations_are_handled():
    model = FakeModel(["not json at all"])
    a = ask("未保价的快件丢了最多赔多少钱？", model)
    assert a.mode == "extractive" and not a.abstained
    model = FakeModel([{"answer": "最多派送3次。", "citations": [7, 2], "insufficient": False}])
    a = ask("快件最多派送几次？", model)
    assert a.mode == "llm" and [c.chunk for c in a.citations] == [2]


def test_small_talk_is_answered_without_retrieval():
    a = ask("你好", hits=[])
    assert a.route == "chat" and not a.abstained


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_refused_by_the_api(question, tmp_path, monkeypatch):
    from luodi.app import Luodi
    from luodi.errors import InputError

    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_HOME", str(tmp_path))
    with Luodi(tmp_path / "kb") as lu, pytest.raises(InputError):
        lu.ask(question, mode="extractive")


def test_failed_verification_escalates_to_the_strong_model_which_is_named():
    cheap = FakeModel([{"answer": "单票最高赔偿5000元。", "citations": [1], "insufficient": False}], name="cheap")
    strong = FakeModel([{"answer": "单票最高不超过1000元。", "citations": [1], "insufficient": False}], name="strong")
    a = Answerer(FixedRetriever(PASSAGES), cheap, None, strong=strong).ask("未保价的快件丢了最多赔多少钱？", AskOptions())
    assert a.mode == "llm" and "1000元" in a.answer and a.usage.model == "strong"
    assert a.extra["routing"] == "verification-failed" and len(cheap.calls) == len(strong.calls) == 1


def test_without_a_strong_model_a_failed_answer_falls_back():
    cheap = FakeModel([{"answer": "单票最高赔偿5000元。", "citations": [1], "insufficient": False}], name="cheap")
    a = Answerer(FixedRetriever(PASSAGES), cheap, None).ask("未保价的快件丢了最多赔多少钱？", AskOptions())
    assert a.mode == "extractive" and "routing" not in a.extra


@pytest.mark.parametrize("message,reply", [
    ("你好", "您好！我可以根据已收录的文件回答问题"),
    ("谢谢", "不客气！"),
    ("謝謝您！", "不客氣！"),  # the question's script
    ("你是谁？", "我可以根据已收录的文件回答问题"),
    ("what can you do?", "I answer questions from the documents"),
    ("Thanks!", "You're welcome!"),
    ("再见", "再见！"),
])
def test_small_talk_is_answered_by_what_it_says(message, reply):
    from luodi.answer.router import chat_reply, route

    assert route(message)[0] == "chat" and chat_reply(message).startswith(reply)


def test_a_bare_computation_not_computed_is_declined_without_a_search():
    class NoSearch(FixedRetriever):
        def search(self, query, k=5, **kw):
            raise AssertionError("a computation is not searched for")

    a = Answerer(NoSearch([])).ask("10÷0等于多少")  # searched, "at most 10 hours a day" was quoted for 10÷0=?
    assert a.abstained and a.route == "numeric" and "除数为零" in a.answer and not a.citations


def test_a_volumetric_weight_is_computed_from_the_cited_formula():
    rule = Hit(1, "手册.md", "手册 > 第五十五条", "第五十五条 体积重量按下列公式计算：体积重量（公斤）＝长（厘米）×宽（厘米）×高（厘米）÷6000。"
               "例如，长40厘米、宽30厘米、高20厘米的快件，体积重量为4公斤。", 1.0, document_id=1,
               scores={"keyword": 5.0, "dense": 0.9})
    a = Answerer(FixedRetriever([rule])).ask("长50厘米、宽40厘米、高30厘米的快件，体积重量是多少？")
    assert a.answer.startswith("按引用的公式计算体积重量：50 × 40 × 30 ÷ 6000 = 10 公斤。 [1]")
    assert any(c.kind == "computed" and c.atom == "10 公斤" for c in a.checks) and all(c.supported for c in a.checks)
    guide = Hit(2, "guide.md", "International Shipping Guide > Section 3",
                "3.2 For international shipments the volumetric weight is length × width × height in centimetres "
                "divided by 5000.", 1.0, document_id=2, scores={"keyword": 1.0, "dense": 0.8})
    # no English line holds the Chinese question's words: the figure alone, the formula quoted
    en = Answerer(FixedRetriever([guide])).ask("50×40×30厘米的国际件体积重量是多少？")
    assert not en.abstained and en.answer.startswith("按引用的公式计算体积重量：50 × 40 × 30 ÷ 5000 = 12 公斤。 [1]")
    assert en.citations[0].quote == "volumetric weight is length × width × height in centimetres divided by 5000"


def test_a_greeting_with_a_question_is_a_question():
    from luodi.answer.router import route

    assert route("你好，运费怎么算？")[0] == "knowledge"


def test_a_freight_checks_the_limits_of_the_tariffs_own_document_on_the_day_asked():
    table = Hit(7, "rules.md", "规则 > 第八条", "第八条 省际件运费按公斤计收，价钱见下表（单位：元）：\n\n区域 | 首重（1公斤以内） | 续重（每公斤）\n"
                "省际 | 11 | 4", 1.0, document_id=3, scores={"keyword": 1.0, "dense": 0.9})
    limit = Hit(8, "rules.md", "规则 > 第三条", "第三条 单件实际重量不超过20公斤。", 1.0, document_id=3)

    class Recording(FixedRetriever):
        calls: list = []

        def search(self, query, k=5, **kw):
            self.calls.append(kw)
            return [limit] if kw.get("document_ids") else super().search(query, k)

    retriever = Recording([table])
    light = Answerer(retriever).ask("3公斤的省际件运费多少钱？", AskOptions(as_of="2026-01-01"))
    assert any(c.kind == "computed" and c.atom == "19 元" for c in light.checks)
    assert light.answer.startswith("按引用的资费表计算：11 + 2 × 4 = 19 元")
    assert retriever.calls[-1] == {"document_ids": {3}, "as_of": "2026-01-01"}
    heavy = Answerer(retriever).ask("25公斤的省际件运费多少钱？", AskOptions())
    assert not any(c.kind == "computed" for c in heavy.checks)  # over the document's 20 kg


class DocumentPassages(FixedRetriever):
    """The hits for a question; a document's own passages for a search of that document."""

    def __init__(self, hits, by_document):
        super().__init__(hits)
        self.by_document = by_document

    def search(self, query, k=5, document_ids=None, **kw):
        if document_ids:
            return [h for d in sorted(document_ids) for h in self.by_document.get(d, [])][:k]
        return super().search(query, k)


BULKY = Hit(9, "bulky.md", "大件规则 > 第二条", "第二条 大件省际运费按公斤计收，价钱见下表（单位：元）：\n\n区域 | "
            "起步价（含30公斤） | 超过30公斤部分（每公斤）\n省际 | 120 | 3", 0.9, document_id=4,
            scores={"keyword": 0.9, "dense": 0.9})


def test_a_parcel_over_one_tariffs_limit_is_priced_by_the_other_documents_table():
    table = Hit(7, "rules.md", "规则 > 第八条", "第八条 省际件运费按公斤计收，价钱见下表（单位：元）：\n\n区域 | "
                "首重（1公斤以内） | 续重（每公斤）\n省际 | 11 | 4", 1.0, document_id=3,
                scores={"keyword": 1.0, "dense": 0.9})
    limit = Hit(8, "rules.md", "规则 > 第三条", "第三条 单件实际重量不超过50公斤。", 1.0, document_id=3)
    retriever = DocumentPassages([table, BULKY], {3: [limit]})
    heavy = Answerer(retriever).ask("60公斤的省际件运费多少钱？", AskOptions())
    assert heavy.answer.startswith("按引用的资费表计算：120 + 30 × 3 = 210 元")
    light = Answerer(retriever).ask("6公斤的省际件运费多少钱？", AskOptions())
    assert light.answer.startswith("按引用的资费表计算：11 + 5 × 4 = 31 元")  # retrieval's first table
    cited = [c for c in heavy.citations if c.chunk == 9]
    assert cited and "省际 | 120 | 3" in cited[0].quote


def test_a_parcels_price_not_computed_is_not_answered_with_a_rate_cell():
    limit = Hit(8, "bulky.md", "大件规则 > 第一条", "第一条 大件实际重量不超过300公斤。", 1.0, document_id=4)
    retriever = DocumentPassages([BULKY], {4: [limit]})
    over = Answerer(retriever).ask("400公斤的省际大件运费多少钱？", AskOptions())
    assert not over.answer.startswith("省际 · ") and not any(c.kind == "computed" for c in over.checks)
    rate = Answerer(retriever).ask("省际大件超过30公斤的部分每公斤多少钱？", AskOptions())
    assert rate.answer.startswith("省际 · 超过30公斤部分（每公斤）：3")  # a rate question: the cell


def test_a_place_is_answered_with_the_cell_of_the_row_a_rule_puts_it_in():
    table = Hit(1, "rules.md", "规则 > 第八条", "第八条 运费和时效如下（单位：元）：\n\n区域 | 首重（1公斤以内） | 续重（每公斤） | "
                "标准时效\n跨省 | 12 | 5 | 2—4日\n偏远地区 | 20 | 10 | 4—7日", 1.0, document_id=3)
    remote = Hit(2, "rules.md", "规则 > 第四条", "第四条 偏远地区：收件地位于西藏自治区、新疆维吾尔自治区。", 1.0,
                 document_id=3)
    other = Hit(3, "rules.md", "规则 > 第九条", "第九条 快件到达分拨中心后，应当在2小时内完成卸车。", 1.0, document_id=3)
    got = Answerer(DocumentPassages([other, table], {3: [remote]})).ask("寄到西藏的快件标准时效是几天？", AskOptions())
    assert got.answer.startswith("偏远地区 · 标准时效：4—7日（西藏） [2]") and not got.abstained
    assert [c.chunk for c in got.citations] == [2, 1] and all(c.supported for c in got.checks)
    guangzhou = Answerer(DocumentPassages([other, table], {3: [remote]})).ask("寄到广州的快件标准时效是几天？", AskOptions())
    assert guangzhou.abstained  # no rule places 广州


def test_a_place_is_priced_by_the_zone_a_search_of_the_tables_document_finds_for_it():
    table = Hit(1, "guide.md", "Guide > 3.1", "3.1 Freight:\n\nZone | First 0.5 kg | Each additional 0.5 kg\n"
                "Zone A | CNY 90 | CNY 25\nZone B | CNY 140 | CNY 40", 1.0, document_id=2,
                scores={"keyword": 0.2, "dense": 0.8})
    zones = Hit(2, "guide.md", "Guide > 2.2", "2.2 Zone B covers Canada and Brazil.", 0.5, document_id=2)

    class Zones(FixedRetriever):
        def search(self, query, k=5, **kw):
            return [zones] if kw.get("document_ids") == {2} and "Canada" in query else super().search(query, k)

    got = Answerer(Zones([table])).ask("What does a 2 kg parcel to Canada cost?", AskOptions())
    assert got.answer.startswith("Computed from the cited rate table: 140 + 3 × 40 = 260 yuan (Zone B (Canada), 2 kg")
    assert not got.abstained and [c.chunk for c in got.citations] == [2, 1]
    assert got.citations[0].quote == "2.2 Zone B covers Canada and Brazil." and "Zone B | CNY 140" in got.citations[1].quote
    assert any(c.kind == "computed" and c.atom == "260 元" for c in got.checks)
    assert all(c.supported for c in got.checks)
    peru = Answerer(Zones([table])).ask("What does a 2 kg parcel to Peru cost?", AskOptions())
    assert not any(c.kind == "computed" for c in peru.checks)  # no sentence puts Peru in a zone


class ScopedRetriever(FixedRetriever):
    """Hits by document, and the documents a question's words name (luodi.retrieve.foreign)."""

    def __init__(self, hits, named):
        super().__init__(hits)
        self.named, self.searches = named, []

    def search(self, query, k=5, document_ids=None, **kw):
        self.searches.append(document_ids)
        return [h for h in self.hits if document_ids is None or h.document_id in document_ids][:k]

    def scopes(self, query, **kw):
        scopes = {word: docs for word, docs in self.named.items() if word in query}
        return Named(scopes, frozenset().union(*scopes.values()) | self.titled(query))

    def titled(self, query):
        return frozenset({1}) if "手册" in query else frozenset()


MANUAL = Hit(1, "手册.md", "手册 > 第六十一条", "第六十一条 保价费按声明价值的0.5%收取，每票最低2元。", 1.0, 1)
GUIDE = Hit(2, "international-shipping-guide.md", "International Shipping Guide > Section 3",
            "3.6 Insurance costs 1% of the declared value, at least CNY 10.", 0.9, 2)
# the guide's line in words that gloss none of the question's (保价, 声明价值): it cannot answer
UNGLOSSED = Hit(2, "international-shipping-guide.md", "International Shipping Guide > Section 3",
                "3.6 See the tariff sheet for this.", 0.9, 2)
COLD = Hit(3, "冷链生鲜收寄规范.md", "冷链生鲜收寄规范 > 第十三条", "第十三条 保价费按声明价值的1%收取，每票最低5元。", 0.8, 3)
NAMED = {"国际": frozenset({2}), "冷链": frozenset({3})}


def test_a_question_naming_another_documents_service_is_not_answered_from_this_one():
    retriever = ScopedRetriever([MANUAL, GUIDE, COLD], NAMED)
    plain = Answerer(retriever).ask("保价费按声明价值的多少收取？")
    assert not plain.abstained and plain.citations[0].chunk == 1 and "scope" not in plain.extra
    assert retriever.searches == [None]  # no word names a document: one search
    # the manual's 0.5% was quoted for the international guide's 1%: now the guide is searched,
    # and its English line quoted (保价 and 声明价值 gloss as insurance and declared value)
    intl = Answerer(retriever).ask("国际件的保价费按声明价值的多少收取？")
    assert not intl.abstained and intl.answer.startswith("3.6 Insurance costs 1%") and intl.extra["scope"] == ["国际"]
    assert [c.chunk for c in intl.citations] == [2] and set(intl.retrieved_documents) == {1, 2, 3}
    # a named document in the question's language answers it
    cold = Answerer(retriever).ask("冷链件的保价费按声明价值的多少收取？")
    assert not cold.abstained and cold.citations[0].chunk == 3 and "1%" in cold.answer


def test_an_answer_that_says_the_named_word_stands():
    said = Hit(4, "手册.md", "手册 > 第六条", "第六条 国际件的保价费按声明价值的1%收取，每票最低10元。", 1.0, 1)
    retriever = ScopedRetriever([said, UNGLOSSED], NAMED)
    a = Answerer(retriever).ask("国际件的保价费按声明价值的多少收取？")
    assert not a.abstained and a.citations[0].chunk == 4
    assert retriever.searches == [None, {2}]  # asked of the guide too, which cannot answer it
    # a question naming the manual by a word of its title is answered from it
    manual = Answerer(ScopedRetriever([MANUAL, GUIDE], NAMED)).ask("手册里国际件的保价费按声明价值的多少收取？")
    assert not manual.abstained and manual.citations[0].chunk == 1
    # a question naming two documents' services is answered from either
    both = Answerer(ScopedRetriever([COLD, GUIDE], NAMED)).ask("国际冷链件的保价费按声明价值的多少收取？")
    assert not both.abstained and both.citations[0].chunk == 3


DUTIES = Hit(5, "international-shipping-guide.md", "International Shipping Guide > Section 4",
             "4.4 By default, import duties and taxes are paid by the recipient on delivery.", 0.9, 2)
MENTION = Hit(6, "手册.md", "手册 > 第三条", "第三条 港澳台件、国际件另有专门规范的，优先适用专门规范。", 1.0, 1)


def test_a_chinese_question_naming_the_english_guide_is_answered_with_its_line():
    retriever = ScopedRetriever([MANUAL, DUTIES], NAMED)
    a = Answerer(retriever).ask("国际件的进口关税默认由谁来付？")
    assert not a.abstained and a.citations[0].chunk == 5 and a.extra["scope"] == ["国际"]
    assert a.answer == "4.4 By default, import duties and taxes are paid by the recipient on delivery. [1]"
    # a rule of another document that only says 国际 gives way to the guide's answer
    said = Answerer(ScopedRetriever([MENTION, DUTIES], NAMED)).ask("国际件的进口关税默认由谁来付？")
    assert not said.abstained and said.citations[0].chunk == 5
    # …and is no answer when the guide has none: it says 国际件 about nothing the question asks
    perfume = Answerer(ScopedRetriever([MENTION, GUIDE], NAMED)).ask("国际件可以寄香水吗？")
    assert perfume.abstained and [c.chunk for c in perfume.citations] == [2]


HK_TABLE = Hit(11, "港澳台.md", "港澳台件須知 > 第二十一條", "第二十一條 港澳台件運費如下（單位：元）：\n\n"
               "目的地 | 首重（1公斤以內） | 續重（每公斤）\n香港 | 45 | 15\n澳門 | 50 | 15", 0.5, 2)
HK_RULE = Hit(12, "港澳台.md", "港澳台件須知 > 第二十四條", "第二十四條 港澳台件可辦理保價，保價費按聲明價值的1%收取，每票最低10元。",
              0.6, 2)
DOMESTIC_TABLE = Hit(13, "手册.md", "手册 > 第五十七条", "第五十七条 国内快件运费（单位：元）：\n\n"
                     "计费区域 | 首重（1公斤以内） | 续重（每公斤）\n同城 | 8 | 2\n跨省 | 12 | 5", 0.4, 1)


def test_a_question_sending_to_a_place_one_services_table_prices_is_answered_from_that_service():
    hits = [MANUAL, DOMESTIC_TABLE, HK_RULE, HK_TABLE]
    retriever = ScopedRetriever(hits, {})
    a = Answerer(retriever).ask("寄往香港的快件声明价值500元，保价费是多少？")
    # the domestic 0.5% gave 2.5 元; 香港 is a row of the HK/Macau/Taiwan table only: its 1%, at least 10 元
    assert not a.abstained and a.citations[0].chunk == 12 and a.extra["scope"] == ["香港"]
    assert any(c.kind == "computed" and c.atom == "10 元" for c in a.checks)
    assert retriever.searches[-1] == {2}
    # no destination named (同城 is a row, not a place): the first answer stands
    plain = Answerer(ScopedRetriever(hits, {})).ask("声明价值500元的快件，保价费是多少？")
    assert plain.citations[0].chunk == 1 and "scope" not in plain.extra
    both = Answerer(ScopedRetriever(hits, {})).ask("寄往同城的快件声明价值500元，保价费是多少？")
    assert both.citations[0].chunk == 1
    # that service's rules say nothing of it: a figure by the other service's rate is no answer
    silent = Answerer(ScopedRetriever([MANUAL, DOMESTIC_TABLE, HK_TABLE], {})).ask("寄往香港的快件声明价值500元，保价费是多少？")
    assert silent.abstained and [c.chunk for c in silent.citations] == [11]


def test_a_model_answer_from_another_services_rule_is_asked_again_and_its_cost_kept():
    model = FakeModel([{"answer": "保价费按声明价值的0.5%收取。", "citations": [1], "insufficient": False}],
                      tokens_in=100, tokens_out=10)
    a = Answerer(ScopedRetriever([MANUAL, UNGLOSSED], NAMED), model).ask("国际件的保价费按声明价值的多少收取？")
    # the guide's English passage cannot be judged against a Chinese question: no second call
    assert a.abstained and [c.chunk for c in a.citations] == [2] and len(model.calls) == 1
    assert a.usage.model == "fake" and (a.usage.tokens_in, a.usage.tokens_out) == (100, 10)


def test_a_sentence_that_points_to_another_rule_is_answered_with_that_rule():
    pointer = Hit(11, "manual.md", "手册 > 第十一章 > 第一百三十三条", "第一百三十三条 快件丢失的，按本章赔偿。快件延误按第一百零九条处理。",
                  1.0, document_id=5, scores={"keyword": 1.0, "dense": 0.9})
    rule = Hit(12, "manual.md", "手册 > 第八章 > 第一百零九条", "第一百零九条 标准快件超过承诺时效3日送达的，可以申请退还50%运费。",
               1.0, document_id=5, scores={"cited": 1.0, "keyword": 0.5})
    retriever = DocumentPassages([pointer], {5: [rule]})
    answer = Answerer(retriever).ask("快件延误会赔钱吗？", AskOptions())
    assert answer.answer.startswith("快件延误按第一百零九条处理。 [1] 第一百零九条 标准快件超过承诺时效3日送达的")
    assert [c.section.rsplit("> ", 1)[-1] for c in answer.citations] == ["第一百三十三条", "第一百零九条"]
    assert all(c.supported for c in answer.checks)
    # a rule that says what it requires is no pointer; nor is a pointer to a rule not found
    for text in ("第九条 快件延误超过3日的，退还全部运费并赔偿损失，其他情形按第一百零九条处理。",):
        hit = Hit(13, "manual.md", "手册 > 第九条", text, 1.0, document_id=5, scores={"keyword": 1.0, "dense": 0.9})
        assert "第一百零九条 标准快件" not in Answerer(DocumentPassages([hit], {5: [rule]})).ask("快件延误会赔钱吗？").answer
    alone = Answerer(DocumentPassages([pointer], {5: [pointer]})).ask("快件延误会赔钱吗？")
    assert len(alone.citations) == 1


def test_sentences_that_meet_in_prose_are_quoted_as_the_passage_writes_them():
    text = ("成公英是韩遂的部将。后来夏侯渊回汉中，成公英攻打阎行，阎行不敌，有意撤退；"
            "此时韩遂逝世，成公英唯有投降曹操。曹操任命他为军师。")
    a = ask("成公英后来为什么投降曹操？", hits=[Hit(1, "history.md", "成公英", text, 1.0, 10)])
    quoted = "后来夏侯渊回汉中，成公英攻打阎行，阎行不敌，有意撤退；此时韩遂逝世，成公英唯有投降曹操。"
    assert quoted in a.answer and a.answer.count("[1]") == 1  # one quote, one marker
    assert quoted in a.citations[0].quote and all(c.supported for c in a.checks)


def test_a_budget_near_its_limit_is_said_with_the_answer(tmp_path):
    from luodi.ledger import Budgets, Ledger, Limits
    from luodi.prices import PriceTable
    from luodi.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "kb.db")
    prices = PriceTable({"paid": [{"since": "2000-01-01", "in_per_million_li": 1000, "out_per_million_li": 1000}]})
    ledger = Ledger(store, prices, Budgets(user=Limits(daily_li=2), warn_at=0.5))
    model = FakeModel([{"answer": "最多赔偿运费的3倍，单票不超过1000元。", "citations": [1], "insufficient": False}],
                      name="paid", local=False, tokens_in=1000, tokens_out=100)
    a = Answerer(FixedRetriever(PASSAGES), model, ledger).ask("未保价的快件丢了最多赔多少钱？", AskOptions(user="u"))
    assert a.mode == "llm" and "u" in a.extra["budget_warnings"][0]
    store.close()


def test_a_check_pointed_at_a_citation_says_so():
    from luodi.answer.reply import at_citation
    from luodi.types import Check

    found = at_citation(Check("3倍", "number", True, 0, "= 3倍 in [0]"), 2)
    assert (found.citation, found.detail) == (2, "= 3倍 in [2]")
    missing = at_citation(Check("5倍", "number", False, None, "not found in the evidence"), 1)
    assert missing.detail == "not found in the evidence"


def test_a_cell_placed_by_a_rule_answers_in_llm_mode_without_a_model_call():
    table = Hit(1, "rules.md", "规则 > 第八条", "第八条 运费和时效如下（单位：元）：\n\n区域 | 首重（1公斤以内） | 续重（每公斤） | "
                "标准时效\n跨省 | 12 | 5 | 2—4日\n偏远地区 | 20 | 10 | 4—7日", 1.0, document_id=3)
    remote = Hit(2, "rules.md", "规则 > 第四条", "第四条 偏远地区：收件地位于西藏自治区、新疆维吾尔自治区。", 1.0,
                 document_id=3)
    model = FakeModel([])  # any call would fail: the cell is the answer as found
    got = Answerer(DocumentPassages([table], {3: [remote]}), model).ask("寄到西藏的快件标准时效是几天？", AskOptions())
    assert got.answer.startswith("偏远地区 · 标准时效：4—7日（西藏）") and not got.abstained and not model.called
