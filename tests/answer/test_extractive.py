"""The abstention rule's dense features (clause lead, one-clause chunks, copies of a passage) and
how sentences are chosen."""

from __future__ import annotations

import pytest

from luodi.answer.asked import (
    ASKS_ADDRESS,
    ASKS_PAY,
    counts_what_is_asked,
    states_address,
    states_pay,
)
from luodi.answer.extractive import (
    Dense,
    ExtractiveConfig,
    Features,
    _dense_features,
    answerable,
    extract,
)
from luodi.answer.favour import sets_bound
from luodi.answer.idf import TermStats
from luodi.answer.spans import (
    Pick,
    in_runs,
    is_prose,
    list_lead,
    run_pick,
    whole_sentence,
    with_list_items,
    with_table_header,
)
from luodi.answer.text import (
    Sentence,
    coverage,
    opposite_terms,
    question_terms,
    question_units,
    split_sentences,
    subject_of,
    text_terms,
)
from luodi.types import Hit


def hit(text: str, dense: float, clause: float | None = None, clause2: float = -1.0) -> Hit:
    scores = {"keyword": 1.0, "dense": dense}
    if clause is not None:
        scores |= {"clause": clause, "clause2": clause2}
    return Hit(chunk_id=abs(hash(text)) % 1000, document="d.md", section="", text=text, score=1.0,
               scores=scores)


LONG = "甲乙丙丁戊己庚辛。" * 25  # a paragraph as long as those the clause rule was fitted on


def test_clause_lead_is_over_the_next_clause_of_any_passage():
    hits = [hit(LONG, 0.90, 0.93, 0.88), hit("子丑寅卯。", 0.89, 0.91)]
    d = _dense_features(hits)
    assert d.best == 0.90 and d.clause == 0.93 and d.long_passage
    assert abs(d.lead - 0.02) < 1e-9  # the other passage's clause is the runner-up


def test_short_multi_clause_passages_are_not_long():
    d = _dense_features([hit("甲乙丙丁。戊己庚辛。", 0.90, 0.93, 0.88), hit("子丑寅卯。", 0.89, 0.91)])
    assert not d.long_passage and abs(d.lead - 0.02) < 1e-9


def test_a_copy_in_the_other_script_is_not_a_rival():
    hits = [hit("每件快件最多派送3次。", 0.904, 0.904), hit("每件快件最多派送3次。", 0.903, 0.903),
            hit("冷链生鲜件最多派送2次。", 0.88, 0.88)]
    hits[1] = Hit(chunk_id=7, document="t.md", section="", text="每件快件最多派送3次。", score=1.0,
                  scores=hits[1].scores)
    d = _dense_features(hits)
    assert not d.long_passage
    assert abs(d.lead - (0.904 - 0.88)) < 1e-6


def test_short_passages_use_their_own_rule():
    cfg = ExtractiveConfig()
    # Same values; only which rule applies differs. A short rule scoring like this is answered,
    # while in a long passage a clause that does not stand out from its neighbours is not.
    # (The values are those of a demo handbook question, 派送员最多会派送几次.)
    base = dict(sentence=0.47, passage=0.60, margin=0.07, chars=0.36)
    short = Features(**base, dense=Dense(0.904, 0.904, 0.001, long_passage=False))
    long = Features(**base, dense=Dense(0.904, 0.904, 0.001, long_passage=True))
    assert answerable(short, cfg, dense_ok=True)
    assert not answerable(long, cfg, dense_ok=True)


def test_a_rule_to_be_quoted_is_judged_as_a_rule_below_closer_prose():
    # 跨省件的标准时效是几天 over the demo handbook: the holiday notice (long prose, its clauses
    # alike) ranks first with the closer clause; the answer is the tariff rule's row below it.
    notice = ("春节将至，为保障快件安全和员工休息，现将服务安排公告如下。节前跨省件截单时间提前至16:00，"
              "同城件和省内件截单时间不变。除夕至初二暂停收寄，派送正常。") * 3
    rule = "第五十七条 国内快件标准运费按下表执行：\n区域 | 首重 | 续重 | 标准时效\n省内 | 10 | 3 | 1—2日\n跨省 | 12 | 5 | 2—4日"
    hits = [Hit(chunk_id=1, document="notice.html", section="", text=notice, score=1.0,
                scores={"keyword": 5.1, "dense": 0.879, "clause": 0.895, "clause2": 0.890}),
            Hit(chunk_id=2, document="手册.md", section="手册 > 第五章 > 第五十七条", text=rule, score=0.9,
                scores={"keyword": 10.1, "dense": 0.867, "clause": 0.869, "clause2": 0.857})]
    ex = extract("跨省件的标准时效是几天？", hits, dense_model=ExtractiveConfig().dense_model)
    assert ex.picks[0].hit_index == 1 and "2—4日" in ex.picks[0].sentence.text
    assert not ex.features.dense.long_passage and ex.features.dense.clause == 0.869
    assert not ex.abstain
    # Prose to be quoted keeps the clause rule, measured on the closest clause.
    assert _dense_features(hits).long_passage and _dense_features(hits).clause == 0.895


def test_an_english_answer_is_not_supported_by_sentences_in_chinese():
    hits = [hit("Insurance costs 1% of the declared value. The minimum insurance fee is CNY 20.", 0.85),
            hit("保价费 insurance fee 按声明价值的1%收取，每票最低20元。", 0.84)]
    picks = extract("How much is the insurance fee?", hits).picks
    assert picks and all(p.hit_index == 0 for p in picks)
    # a Chinese question keeps its Chinese support, as before
    zh = extract("保价费按声明价值的多少收取？", [hits[1], hits[0]]).picks
    assert zh[0].hit_index == 0


def test_an_faq_answer_is_read_under_the_question_it_answers():
    def faq(heading):
        return Hit(chunk_id=7, document="faq.md", section=f"Driver FAQ > {heading}", score=1.0,
                   text="At most 200 kg of cargo, stacked no higher than 50 cm.", scores={"keyword": 8.6})

    question = "What is the maximum load of an electric tricycle?"
    asked = extract(question, [faq("Q7. How much can I load on an electric tricycle?")])
    assert asked.features.sentence > 0.5 and "200 kg" in asked.picks[0].sentence.text
    # a heading that is not a question is the section's topic, not what its sentences answer
    assert extract(question, [faq("Section 7. Electric tricycle load")]).features.sentence == 0.0


def test_a_colloquial_question_is_carried_by_the_characters_it_shares():
    # 包裹丢了能赔多少 over the demo handbook: its top rule (未保价快件丢失…赔偿…) shares
    # few bigrams with the question but most of its rare characters (丢, 赔).
    cfg = ExtractiveConfig()
    dense = Dense(0.924, 0.922, 0.005, long_passage=False)
    assert answerable(Features(0.16, 0.33, 0.0, dense, chars=0.59), cfg, dense_ok=True)
    assert not answerable(Features(0.16, 0.33, 0.0, dense, chars=0.2), cfg, dense_ok=True)


def test_long_prose_is_judged_by_the_characters_it_shares_too():
    # 李白幾歲時離開四川開始遊歷四海 over DRCD: with its paragraph present the best sentence
    # shares few words (0.16), but the paragraph holds most of the question's rare characters;
    # hidden, the article's other paragraph about him scores alike on every other feature.
    cfg = ExtractiveConfig()
    dense = Dense(0.89, 0.89, 0.01, long_passage=True)
    assert answerable(Features(0.16, 0.5, 0.79, dense, chars=0.94), cfg, dense_ok=True)
    assert not answerable(Features(0.16, 0.5, 0.79, dense, chars=0.55), cfg, dense_ok=True)


def test_question_units_are_characters_and_english_words():
    assert question_units("包裹丢了能赔多少？") == {"包", "裹", "丢", "赔"}
    assert question_units("Can I send a power bank?") == {"send", "power", "bank"}
    assert question_units("請問能寄酒嗎") == {"寄", "酒"}  # folded to simplified, question words out


def test_a_numbered_names_number_is_a_term():
    assert "2号" in question_terms("2号纸箱多少钱一个？") and "2号" in text_terms("2號紙箱（53×23×29厘米）6元；")
    assert "2号" not in text_terms("1号纸箱（53×29×37厘米）8元；")
    assert "2号" not in question_terms("我3月2号寄的快件几天到？")  # a date's day is no name
    got = extract("2号纸箱多少钱一个？", [hit("第五十二条 1号纸箱（53×29×37厘米）8元；2号纸箱（53×23×29厘米）6元；"
                                     "3号纸箱（43×21×27厘米）4元。", 0.9)])
    assert got.picks[0].sentence.text.startswith("2号纸箱")


def test_keyword_rule_without_dense_scores_or_another_encoder():
    cfg = ExtractiveConfig()
    f = Features(0.5, 0.5, 0.0, Dense(0.5, 0.5, 0.0, False))
    assert answerable(f, cfg, dense_ok=False)  # another encoder's cosines are not comparable
    assert not answerable(Features(0.3, 0.3, 0.0, None), cfg, dense_ok=True)
    assert _dense_features([Hit(chunk_id=1, document="d", section="", text="x", score=1.0,
                                scores={"keyword": 2.0})]) is None


RULE = ("第三条　冷链生鲜件按温度要求分为三个温区：\n（一）冷冻件：全程温度保持在−18℃以下；\n"
        "（二）冷藏件：全程温度保持在2℃至8℃；\n（三）恒温件：全程温度保持在15℃至25℃。\n第四条　其他。")


@pytest.mark.parametrize(("limit", "last_item"), [(240, "（三）"), (60, "（一）")])
def test_a_sentence_that_opens_a_list_takes_its_items(limit, last_item):
    lead = split_sentences(RULE)[0]
    grown = with_list_items(RULE, lead, limit)
    assert grown.text.startswith("第三条") and last_item in grown.text and "第四条" not in grown.text
    assert RULE[grown.start : grown.end] == grown.text and len(grown.text) <= limit
    plain = split_sentences(RULE)[1]  # not a list opener: unchanged
    assert with_list_items(RULE, plain, limit) == plain


def test_a_sentence_that_opens_a_table_takes_its_rows():
    text = ("第九条 运费按下表执行：\n\n区域 | 首重 | 续重\n同城 | 8 | 2\n跨省 | 12 | 5\n\n"
            "第十条 本规则自发布之日起施行。")
    grown = with_list_items(text, split_sentences(text)[0], 240)
    assert grown.text.endswith("跨省 | 12 | 5") and "区域 | 首重 | 续重" in grown.text
    assert text[grown.start : grown.end] == grown.text
    assert "同城 | 8 | 2" not in with_list_items(text, split_sentences(text)[0], 30).text


NOTICE = ("关于2027年国庆期间服务安排的公告。为保障2027年国庆期间服务，现将安排公告如下。"
          "同城件在10月2日至10月4日暂停收寄，其余照常。")


def test_a_question_that_asks_for_a_quantity_prefers_a_sentence_with_a_new_one():
    # The title and the preamble share more of the question's words; their one date is the
    # question's own.
    question = "2027年国庆期间，同城件哪几天暂停收寄？"
    picks = extract(question, [hit(NOTICE, 0.9)]).picks
    assert picks[0].sentence.text.startswith("同城件在10月2日")
    plain = extract(question, [hit(NOTICE, 0.9)], ExtractiveConfig(quantity_bonus=0.0)).picks
    assert not plain[0].sentence.text.startswith("同城件")
    # a question that asks for no quantity is left to its words
    other = "2027年国庆期间的服务安排公告讲了什么？"
    assert [p.sentence for p in extract(other, [hit(NOTICE, 0.9)]).picks] == [
        p.sentence for p in extract(other, [hit(NOTICE, 0.9)], ExtractiveConfig(quantity_bonus=0.0)).picks]


CAREER = ("2012年任省长。2013年1月5日，辞去省长职务。2013年3月，当选为全国政协副主席。"
          "五月天乐队成立于1997年。")


def test_a_sentence_that_states_the_date_the_question_names_goes_first():
    # its words count 2013, 年 and 月 alike in both dates, never the month
    picks = extract("2013年3月，他担任什么职务？", [hit(CAREER, 0.9)]).picks
    assert picks[0].sentence.text.startswith("2013年3月")
    plain = extract("2013年3月，他担任什么职务？", [hit(CAREER, 0.9)], ExtractiveConfig(date_bonus=0.0)).picks
    assert plain[0].sentence.text.startswith("2013年1月")
    # a month without its year is no date to match (五月天 is a band)
    band = extract("五月天乐队哪一年成立？", [hit(CAREER, 0.9)]).picks
    assert band[0].sentence.text.startswith("五月天")


@pytest.mark.parametrize(("text", "sentences"), [
    ("阿閦佛（梵语：；藏语：）是东方的佛。又名不动佛。", ["阿閦佛（梵语：；藏语：）是东方的佛。", "又名不动佛。"]),
    ("《格斗天王》（英文：Mr. Fighting）是偶像剧。由孙协志主演。", ["《格斗天王》（英文：Mr. Fighting）是偶像剧。", "由孙协志主演。"]),
    ("（一）未备案；（二）未公告。", ["（一）未备案；", "（二）未公告。"]),  # closed brackets: as before
    ("他说（见下；\n新的一行。", ["他说（见下；", "新的一行。"]),  # never across a line
])
def test_a_sentence_ended_inside_brackets_goes_on_to_where_they_close(text, sentences):
    assert [s.text for s in split_sentences(text)] == sentences


@pytest.mark.parametrize(("text", "sentences"), [
    ("两旁摆著圣若望（St. John）及St. Felix of Valois的雕像。这是另一句。",
     ["两旁摆著圣若望（St. John）及St. Felix of Valois的雕像。", "这是另一句。"]),
    ("Parcels are weighed first. Feige (飞鸽) then labels them. Rule 2. Stop.",
     ["Parcels are weighed first.", "Feige (飞鸽) then labels them.", "Rule 2. Stop."]),
])
def test_a_period_in_chinese_prose_ends_an_abbreviation_not_a_sentence(text, sentences):
    assert [s.text for s in split_sentences(text)] == sentences


ZONES = ("2.1 Zone A covers Japan and Korea. Estimated transit time: 3 to 5 business days.\n"
         "2.2 Zone B covers Canada and Mexico. Estimated transit time: 5 to 8 business days.\n"
         "2.3 Zone C covers the rest. Estimated transit time: 7 to 12 business days.")


def test_a_numbered_item_names_what_its_best_sentence_leaves_out():
    picks = extract("What is the transit time to Japan?", [hit(ZONES, 0.9)]).picks
    assert [p.sentence.text for p in picks] == [
        "2.1 Zone A covers Japan and Korea. Estimated transit time: 3 to 5 business days."]  # not B's, C's
    # prose is left as it was: a paragraph's sentences are not joined
    prose = extract("What is the transit time to Japan?", [hit(ZONES.replace("\n", " ").replace("2.", "Also "), 0.9)])
    assert prose.picks[0].sentence.text == "Estimated transit time: 3 to 5 business days."


def test_an_item_does_not_borrow_the_next_lines_words():
    # zone A's "Estimated transit time" sentence sat next to zone B's line, which names Canada
    picks = extract("What is the transit time to Canada?", [hit(ZONES, 0.9)]).picks
    assert picks[0].sentence.text == "2.2 Zone B covers Canada and Mexico. Estimated transit time: 5 to 8 business days."


def test_a_sentence_any_item_could_say_is_not_an_answer_alone():
    # no zone names Brazil: zone A's time, quoted alone, would be a guess
    assert extract("What is the transit time to Brazil?", [hit(ZONES, 0.9)]).abstain
    assert not extract("What is the transit time to Japan?", [hit(ZONES, 0.9)]).abstain
    # the same words with other numbers in prose, one line, are not items: judged as before
    prose = ZONES.replace("\n", " ")
    assert not extract("What is the transit time to Brazil?", [hit(prose, 0.9)]).abstain


def test_an_english_answer_says_the_questions_most_specific_word():
    from luodi.answer.idf import TermStats

    guide = hit("3.2 For international parcels the volumetric weight is length × width × height ÷ 5000.\n"
                "3.6 Insurance costs 1% of the declared value.", 0.9)
    corpus = TermStats([f"International parcels are sent to zone {i}." for i in range(60)] + [guide.text])
    ex = extract("What is the insurance rate for international parcels?", [guide], stats=corpus)
    assert ex.picks[0].sentence.text.startswith("3.6 Insurance")
    flat = extract("What is the insurance rate for international parcels?", [guide])  # one weight for all
    assert flat.picks[0].sentence.text.startswith("3.2")


@pytest.mark.parametrize(("text", "said_only_against"), [
    ("The divisor is 5000 (not 6000 as for domestic parcels).", {"domest"}),
    ("Unlike domestic parcels, these need a customs form.", {"domest"}),
    ("Delivery is not as fast as for domestic parcels in customs areas.", {"domest"}),  # up to "in"
    ("Domestic parcels use 6000 (not 5000 as for international ones).", set()),  # said plainly too
    ("Batteries other than domestic ones are refused.", set()),  # an exception, not another subject
    ("Do not send items such as domestic batteries by air.", set()),
    ("Parcels are not accepted as hand luggage on domestic flights.", set()),
    ("| Item | Not insured as standard |\n| Domestic parcel | 30 kg |", set()),  # a cell ends it
    ("Returns are handled not unlike domestic parcels.", set()),  # "not unlike" is "like"
    ("Unlike domestic parcels international ones need a customs form.", set()),  # runs on: no phrase
    ("The fee is 5000 (not 6.5 as for domestic parcels).", {"domest"}),
])
def test_a_word_said_only_to_set_the_subject_apart_is_not_said(text, said_only_against):
    from luodi.answer.text import contrasted

    assert contrasted({"domest", "custom"}, text) == said_only_against


def test_an_english_question_about_what_the_passages_set_apart_is_declined():
    from luodi.answer.favour import OTHER_SUBJECT

    guide = hit("3.2 For international shipments the volumetric weight is length × width × height divided by 5000 "
                "(not 6000 as for domestic parcels).\n3.7 A single piece may weigh at most 30 kg.", 0.9)
    corpus = TermStats([f"Parcels are weighed at outlet {i} and the maximum is posted." for i in range(60)]
                       + [guide.text])
    ex = extract("What is the maximum weight of a domestic parcel?", [guide], stats=corpus)
    assert ex.abstain and ex.why == OTHER_SUBJECT
    # the guide's own subject is answered from it, and so is what its comparison says
    assert not extract("What is the maximum weight of an international shipment?", [guide], stats=corpus).abstain
    assert not extract("Is the volumetric weight of a domestic parcel divided by 6000?", [guide],
                       stats=corpus).abstain
    # nor is a question that sets the word apart itself
    form = hit("4.1 Unlike domestic parcels, international parcels need a customs declaration.", 0.9)
    corpus = TermStats([f"Parcels are weighed at outlet {i}." for i in range(60)] + [form.text])
    assert not extract("What do international parcels need, unlike domestic ones?", [form], stats=corpus).abstain
    assert not extract("How do international parcels differ from domestic ones?", [form], stats=corpus).abstain


def test_a_numbered_things_number_is_a_term_in_digits_or_chinese():
    assert "3号" in question_terms("三号纸箱多大？") and "3号" in text_terms("3号纸箱（43×21×27厘米）4元")
    assert "15号" in question_terms("十五号柜台在哪？")
    assert not any(t[:-1].isdigit() for t in question_terms("三月二号以后哪一号纸箱最便宜？"))  # a day; which
    assert question_terms("一号到四号纸箱分别多少钱") == question_terms("1号到4号纸箱分别多少钱")
    # "four or five", a numeral the reader cannot read, a document's words: no number
    assert not any(t[:-1].isdigit() for t in question_terms("四五号纸箱和三四十号人"))
    assert "1号" not in text_terms("系统账号实行一人一号")


def test_a_numbered_thing_the_answer_does_not_number_is_no_answer():
    from luodi.answer.favour import OTHER_NUMBER, off_the_question

    boxes = hit("第四十八条 本公司标准纸箱售价：1号纸箱8元；3号纸箱4元。送往5号楼的快件由前台代收。", 0.95)
    corpus = TermStats([f"第{i}条 快件在网点{i}称重。" for i in range(60)] + [boxes.text])

    def why(question: str, first: str = "1号纸箱8元；") -> str:  # `first`: the answer's first quote
        start = boxes.text.index(first)
        picks = [Pick(0, Sentence(first, start, start + len(first)), 1.0)]
        return off_the_question(question, question_terms(question), picks, [boxes], corpus)

    assert why("你们那个5号纸箱多少钱一个？") == OTHER_NUMBER
    assert why("５號紙箱多少錢？") == why("五号纸箱多少钱？") == OTHER_NUMBER  # full-width, Chinese numerals
    assert why("一号纸箱多少钱？") == why("哪一号纸箱最便宜？") == ""  # 哪一号 asks which number
    assert why("３号纸箱多少钱？", "3号纸箱4元。") == ""  # its number is the answer's
    assert why("纸箱多少钱一个？") == ""  # no number asked
    assert why("1号和5号纸箱分别多少钱？") == ""  # one of the numbers asked is answered
    # a date's day, written any way, is no number of a thing; nor is another kind of thing, nor
    # one that only a later quote numbers (5号楼)
    for question in ("3月5号以后纸箱多少钱？", "3月 5号以后纸箱多少钱？", "5号以后纸箱多少钱？", "三月五号纸箱多少钱？",
                     "寄到7号楼的快件，纸箱怎么收费？", "住在7号楼，纸箱多少钱？", "3号纸箱装不下用几号的？"):
        assert why(question) == "", question
    # an answer that says the number asked, of whatever it goes on to name, is no other number's
    from luodi.answer.favour import _another_number

    assert not _another_number("神舟六号飞船在哪一年发射？", "神舟六号于2005年10月12日发射升空，比神舟五号飞船晚两年。")
    assert not _another_number("7号球衣是谁？", "队长梅西身穿10号球衣，7号是C罗。")


def test_courtesy_and_emphasis_are_no_content():
    assert question_terms("Please, actually, how long are delivery photos also kept?") == \
        question_terms("How long are delivery photos kept?")
    assert "actual" in question_terms("What is the actual weight?")


def test_english_words_meet_across_inflections():
    terms = question_terms("What happens if the recipient refuses the parcel?")
    assert coverage(terms, "Parcels refused by the recipient are returned at the sender's cost.") == 0.75


def test_english_words_meet_in_their_parts():
    # as keyword search splits them: a hyphenated compound, a possessive, a contraction
    assert coverage(question_terms("Is there a surcharge for remote areas?"),
                    "3.5 Deliveries carry a remote-area surcharge of CNY 120.") == 1.0
    assert question_terms("What's the cut-off for the recipient's e-bike? Don't know") == {
        "cut", "off", "recipi", "bike", "know"}
    assert {"3.5", "fg-int-2026"} <= text_terms("CNY 3.5 per FG-INT-2026 form")  # numbers, codes whole


def test_an_amount_meets_its_value_in_chinese_numerals():
    # "罚款1000到2000块是哪条规定？" was declined over 一千元以上二千元以下: its rarest terms looked absent
    law = "饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证，并处一千元以上二千元以下罚款。"
    assert {"1000", "2000"} <= text_terms(law) and {"50000", "500000"} <= text_terms("罚5万到50万")
    assert coverage(question_terms("罚款1000到2000块是哪条规定？"), law) > \
        coverage(question_terms("罚款1000到2000块是哪条规定？"), law.replace("一千", "三千").replace("二千", "五千"))


def test_pronouns_and_what_it_looks_like_are_no_content():
    # "你们的运单号长什么样？" was declined: 们, 长 and 样 counted as words the rule did not say
    assert question_terms("你们的运单号长什么样？") == {"运单", "单号"} == question_terms("您的運單號什麼樣")


def test_an_faqs_bare_yes_or_no_is_no_sentence_to_quote():
    text = "Yes. Wear a helmet every time you ride. No! Never carry passengers."
    assert [s.text for s in split_sentences(text)] == ["Wear a helmet every time you ride.", "Never carry passengers."]


def test_an_english_label_stays_with_the_sentence_it_numbers():
    text = "Rule 1. Parcels up to 1 kg cost 12 yuan. Each extra kg costs 5 yuan. Section 2.4. Days are Mon-Fri. Rule 9."
    got = [s.text for s in split_sentences(text)]
    assert got == ["Rule 1. Parcels up to 1 kg cost 12 yuan.", "Each extra kg costs 5 yuan.",
                   "Section 2.4. Days are Mon-Fri.", "Rule 9."]
    assert all(text[s.start : s.end] == s.text for s in split_sentences(text))
    # a sentence that merely ends on a number is not a label
    assert [s.text for s in split_sentences("See rule 5. It applies.")] == ["See rule 5.", "It applies."]


def test_a_table_row_is_quoted_under_its_header():
    text = "第二条 运费如下。\n区域 | 首重 | 续重\n同城 | 8元 | 2元\n跨省 | 12元 | 5元\n第三条 另计。"
    row = next(s for s in split_sentences(text) if s.text.startswith("跨省"))
    assert with_table_header(text, row).text == "区域 | 首重 | 续重\n跨省 | 12元 | 5元"
    header = next(s for s in split_sentences(text) if s.text.startswith("区域"))
    assert with_table_header(text, header) is header  # the header row itself is left alone
    plain = split_sentences(text)[0]
    assert with_table_header(text, plain) is plain
    answer = extract("跨省续重多少钱", [hit(text, 0.9)])
    quoted = [p.sentence.text for p in answer.picks]
    assert quoted[0] == "区域 | 首重 | 续重\n跨省 | 12元 | 5元"
    assert sum(q.count("区域 | 首重") for q in quoted) <= 1
    assert not any("同城" in q for q in quoted)  # a row that shares nothing with the question stays out


def test_an_english_question_for_a_quantity_needs_one_in_its_answer():
    scope = hit("1.1 This guide applies to parcels sent by Feige Express from mainland China.", 0.9)
    ex = extract("How many employees does Feige Express have?", [scope])
    assert ex.abstain and not ex.picks[0].quantity  # "1.1" is a section label, not a quantity
    days = hit("7.3 Damage must be reported within 7 days of delivery.", 0.9)
    assert extract("How many days do I have to report damage?", [days]).picks[0].quantity
    # Chinese questions are left to the fitted rule (the guard cost answers on DRCD and CMRC)
    zh = extract("飞鸽快递有多少员工？", [hit("本规则适用于飞鸽快递的全部网点。", 0.95, 0.95)],
                 dense_model=ExtractiveConfig().dense_model)
    assert not zh.picks[0].quantity


def test_a_quantity_in_the_next_sentence_of_the_line_is_quoted_with_the_best_one():
    # The place is named in the first sentence, the time only in the second.
    zone = hit("2.1 Zone A covers Japan, Korea and Thailand. Estimated transit time: 3 to 5 business days.\n"
               "2.2 Zone B covers the United States. Estimated transit time: 5 to 8 business days.", 0.9)
    ex = extract("How long does shipping to Japan take?", [zone])
    assert ex.picks[0].quantity  # so the English quantity guard lets it through
    assert ex.picks[0].sentence.text == ("2.1 Zone A covers Japan, Korea and Thailand. "
                                         "Estimated transit time: 3 to 5 business days.")
    assert all("Zone B" not in p.sentence.text for p in ex.picks)
    # a sentence on the next line is another item: not joined, and the guard still declines
    split = hit("2.1 Zone A covers Japan.\nParcels are weighed at pickup, at most 30 kg.", 0.9)
    ex = extract("How long does shipping to Japan take?", [split])
    assert ex.picks[0].sentence.text == "2.1 Zone A covers Japan." and not ex.picks[0].quantity
    assert ex.abstain


def test_an_english_how_many_needs_a_count_of_the_things_asked_for():
    rest = hit("Every courier gets at least 1 day off each week and at least 30 minutes for a meal.", 0.9)
    assert extract("How many parcels can a courier deliver per day?", [rest]).abstain
    days = hit("7.3 Damage must be reported within 7 days of delivery.", 0.9)
    assert not _lacks("How many days do I have to report damage?", days)
    assert not _lacks("How many business days do I have to report damage?", days)
    tries = hit("The courier attempts delivery up to 3 times, then returns the parcel.", 0.9)
    assert not _lacks("How many times will the courier try to deliver?", tries)
    lift = hit("Parcels over 25 kg must be lifted by two people or with a trolley.", 0.9)
    assert not _lacks("How many people must lift a heavy parcel?", lift)
    assert _lacks("How many trolleys must be used?", lift)


def _lacks(question: str, passage) -> bool:
    from luodi.answer.extractive import _lacks_asked_quantity

    top = extract(question, [passage]).picks[0]
    return _lacks_asked_quantity(question, top, ExtractiveConfig())


def test_a_worked_example_ranks_below_the_rule_it_illustrates():
    fee = hit("第六十一条 例如，声明价值1000元的快件，保价费为5元。保价费按声明价值的0.5%收取，每票最低2元。", 0.9)
    picks = extract("保价费怎么算", [fee]).picks
    assert picks[0].sentence.text.startswith("保价费按声明价值")
    plain = extract("保价费怎么算", [fee], ExtractiveConfig(example_factor=1.0)).picks
    assert "例如" in plain[0].sentence.text  # without the rule, the example's figures win


def test_the_next_sentence_is_joined_only_for_the_kind_of_quantity_asked():
    office = hit("The Korea office is in Seoul. It has 40 staff.", 0.9)
    ex = extract("When does the Korea office open?", [office])
    assert ex.picks[0].sentence.text == "The Korea office is in Seoul." and ex.abstain
    hours = hit("The Korea office is in Seoul. It opens at 9:00 on weekdays.", 0.9)
    assert "9:00" in extract("When does the Korea office open?", [hours]).picks[0].sentence.text


def test_a_clause_is_quoted_on_to_the_clause_that_says_what_is_asked():
    rule = hit("第八条 骑电动三轮车时，应当佩戴头盔；禁止载人，禁止逆行。\n第九条 电动三轮车每日检查刹车。", 0.9)
    top = extract("骑电动三轮车能载人吗？", [rule]).picks[0].sentence.text
    assert top == "第八条 骑电动三轮车时，应当佩戴头盔；禁止载人，禁止逆行。"
    # what the clause already says is enough: nothing joined
    top = extract("骑电动三轮车要戴头盔吗？", [rule]).picks[0].sentence.text
    assert top == "第八条 骑电动三轮车时，应当佩戴头盔；"
    # nor across a line: the next line is another rule
    split = hit("第八条 骑电动三轮车时，应当佩戴头盔；\n禁止载人。", 0.9)
    assert extract("骑电动三轮车能载人吗？", [split]).picks[0].sentence.text != split.text


def test_the_row_a_question_names_answers_it_and_a_sentence_about_another_row_does_not():
    notice = hit("春节期间服务安排如下。\n寄往偏远地区的快件自2月12日起暂停收寄，2月25日起恢复收寄。\n"
                 "业务类型 | 服务日期 | 说明\n同城件、省内件 | 2月15日—2月23日 | 正常收寄和派送\n"
                 "偏远地区件 | 暂停 | 2月25日恢复收寄", 0.9)
    quoted = [p.sentence.text for p in extract("春节期间同城件几号恢复收寄？", [notice]).picks]
    assert quoted[0] == "业务类型 | 服务日期 | 说明\n同城件、省内件 | 2月15日—2月23日 | 正常收寄和派送"
    assert not any(q.startswith("寄往偏远地区") for q in quoted[:1])
    plain = extract("春节期间同城件几号恢复收寄？", [notice], ExtractiveConfig(row_bonus=0, sibling_factor=1))
    assert plain.picks[0].sentence.text.startswith("寄往偏远地区")  # what the two rules mend
    # the label's names: 省内件 is the same row, as is 跨省 for a row 跨省件
    assert extract("省内件春节正常收寄吗？", [notice]).picks[0].sentence.text.endswith("正常收寄和派送")


def test_a_question_that_names_what_it_counts_is_answered_by_a_sentence_counting_that():
    rules = hit("第三条 近3个月平均每月寄件量达到100票以上的客户，可以申请月结。\n"
                "第五条 月结客户的运费折扣按上月寄件量确定：\n（一）100票至499票：九折；\n（二）500票以上：八五折。", 0.9)
    top = extract("月结客户可以享受几折？", [rules]).picks[0].sentence.text
    assert top.startswith("第五条") and "八五折" in top  # the list's lead, grown over its items
    assert extract("月结客户的运费折扣怎么定？", [rules]).picks[0].sentence.text.startswith("第五条")
    assert counts_what_is_asked("派送几次？", "最多派送2次。")
    assert counts_what_is_asked("几天内要索赔？", "自签收之日起7日内提出")  # 天 and 日 alike
    assert not counts_what_is_asked("可以享受几折？", "近3个月寄件量达到100票")
    assert counts_what_is_asked("几点开门？", "门店全天营业")  # 几点 asks a time: left to other checks


def test_a_chinese_question_for_money_needs_a_quantity_in_its_answer():
    lights = hit("第二十六条 交通信号灯由红灯、绿灯、黄灯组成。红灯表示禁止通行。", 0.95, 0.95)
    assert extract("闯红灯罚多少钱？", [lights], dense_model=ExtractiveConfig().dense_model).abstain
    fine = hit("第九十条 违反道路交通安全法律的，处警告或者二十元以上二百元以下罚款。", 0.95, 0.95)
    assert not extract("闯红灯罚多少钱？", [fine], dense_model=ExtractiveConfig().dense_model).abstain
    # a list's items hold the sums its lead announces; other questions are left to the fitted rule
    fees = hit("第六条 收费标准如下：\n（一）同城：8元；\n（二）省内：10元。", 0.95, 0.95)
    assert not extract("寄同城收多少钱？", [fees], dense_model=ExtractiveConfig().dense_model).abstain
    assert not extract("红灯表示什么？", [lights], dense_model=ExtractiveConfig().dense_model).abstain


def test_a_sentence_naming_the_aspect_asked_about_is_raised():
    # "X的叶柄有什么特点": the plant is named all over its article, 叶柄 only where the answer is
    plant = hit("其叶柄有四到六个腺体。大果西番莲是西番莲属果实最大的一种。", 0.9)
    q = "大果西番莲的叶柄有什么特点？"
    raised = {p.sentence.text: p.score for p in extract(q, [plant]).picks}
    plain = {p.sentence.text: p.score for p in extract(q, [plant], ExtractiveConfig(aspect_bonus=0)).picks}
    bonus = ExtractiveConfig().aspect_bonus
    assert raised["其叶柄有四到六个腺体。"] == pytest.approx(plain["其叶柄有四到六个腺体。"] + bonus)
    assert raised["大果西番莲是西番莲属果实最大的一种。"] == plain["大果西番莲是西番莲属果实最大的一种。"]


def test_an_item_is_quoted_after_the_clause_that_opens_its_list():
    text = "第五条 网点应当整洁。下列物品禁止寄递：\n（一）枪支、管制刀具；\n（二）烟花爆竹。\n第六条 其他。"
    sentences = split_sentences(text)
    item = next(s for s in sentences if s.text.startswith("（二）"))
    assert list_lead(text, item).text == "下列物品禁止寄递："  # across the item before it
    assert list_lead(text, sentences[0]) is None  # no item
    assert list_lead("（一）枪支；\n（二）烟花。", split_sentences("（一）枪支；\n（二）烟花。")[1]) is None
    picks = extract("管制刀具能寄吗？", [hit(text, 0.9)]).picks
    # the lead, then the item chosen: not the other items between them
    assert [p.sentence.text for p in picks[:2]] == ["下列物品禁止寄递：", "（一）枪支、管制刀具；"]


def test_a_question_asking_for_a_list_is_answered_by_the_sentence_opening_one():
    text = ("第八条 理赔专员应当自材料齐全之日起7个工作日内完成核定。\n"
            "第九条 申请理赔应当提交下列材料：\n（一）运单号；\n（二）身份证件。")
    picks = extract("理赔要准备哪些材料？", [hit(text, 0.9)]).picks
    assert picks[0].sentence.text.startswith("第九条 申请理赔应当提交下列材料：\n（一）运单号；")
    plain = extract("理赔要准备哪些材料？", [hit(text, 0.9)], ExtractiveConfig(list_bonus=0.0)).picks
    assert plain[0].sentence.text.startswith("第八条")  # both say 理赔 and 材料: the first wins without it


def test_a_question_for_the_most_allowed_is_answered_by_the_bound_in_its_unit():
    counting = hit("第五十六条 首重为1公斤，不足1公斤的按首重计费；超过1公斤的部分为续重。", 0.9)
    drop = hit("第八十条 人工装卸时，快件离地落差不得超过30厘米。", 0.9)
    limit = hit("第五十一条 单件快件的重量和尺寸限制为：实际重量不超过50公斤；最长边不超过150厘米。", 0.9)
    bags = hit("第八十三条 每个集包袋装载快件的总重量不超过30公斤。", 0.9)
    q = "包裹最重能寄多少公斤？"
    picks = extract(q, [counting, drop, limit, bags]).picks
    assert picks[0].sentence.text.startswith("第五十一条") and "不超过50公斤" in picks[0].sentence.text
    assert not any("集包袋" in p.sentence.text for p in picks)  # one bound raised: others are no support
    plain = extract(q, [counting, drop, limit, bags], ExtractiveConfig(bound_bonus=0.0)).picks
    assert plain[0].sentence.text.startswith("第五十六条")  # it says 公斤 most



@pytest.mark.parametrize(("text", "dims", "bound"), [
    ("离地落差不得超过30厘米。", {"mass"}, False),  # a bound in another unit than the one asked
    ("离地落差不得超过30厘米。", {"length"}, True),
    ("单件重量在30公斤以内的快件", {"mass"}, True),
    ("單票申報價值不超過人民幣5,000元", set(), True),  # a currency between the bound and its figure
    ("每件快件最多派送3次", set(), True),
    ("A single piece may weigh at most 30 kg.", {"mass"}, True),
    ("Parcels of up to 30 kg are accepted.", {"mass"}, True),
    ("The chargeable weight is rounded up to the next 0.5 kg.", {"mass"}, False),  # rounding
    ("Rounding up to the next 0.5 kg applies.", {"mass"}, False),
    ("Round it up to 1 kg.", {"mass"}, False),
    ("Round-up to\n2 kg.", {"mass"}, False),
    ("Coffee ground up to 30 kg a day.", {"mass"}, True),  # not "round"
    ("Weights are rounded. Up to 30 kg per piece.", {"mass"}, True),  # another sentence's bound
    ("Weight rules:\n1. Weights are rounded\n2. Up to 30 kg per piece", {"mass"}, True),
    ("Round trips up to 30 kg are free.", {"mass"}, True),
    ("2号纸箱每个6元；超过首重的部分为续重", set(), False),  # figures, no bound on them
    ("实际重量不超过50kg", {"mass"}, True),
    ("Maximum weight: 30 kg", {"mass"}, True),
    ("最长保管期限为7日", {"time"}, True),
    ("最大的城市有5个网点", set(), False),  # a superlative, no bound
    ("收费一律按以下标准执行", set(), False),  # the 一 of 一律 is no figure
])
def test_a_bound_is_a_limit_set_on_a_figure_in_the_unit_asked(text, dims, bound):
    assert sets_bound(text, dims) is bound


def test_an_english_question_for_the_most_is_answered_by_the_bound_that_says_it_otherwise():
    # "maximum weight" against "weigh at most": the bound is not demoted for lacking the rarest
    # word the question says (maximum), and rounding "up to" 0.5 kg sets no bound.
    rates = hit("3.2 For international shipments the volumetric weight is length × width × height "
                "divided by 5000. The chargeable weight is rounded up to the next 0.5 kg.", 0.9)
    other = hit("3.6 The maximum insurable value is CNY 20,000.\n"
                "3.7 A single piece may weigh at most 30 kg.", 0.88)
    picks = extract("What is the maximum weight of an international parcel?", [rates, other]).picks
    assert picks[0].sentence.text.startswith("3.7"), [p.sentence.text for p in picks]


def test_the_bound_asked_is_not_demoted_for_lacking_the_word_that_asks_it():
    # "maximum" asks the bound that "at most" sets: raised, the bound keeps its score though it
    # lacks the question's rarest word; when that word is another ("Japan"), it is demoted.
    from luodi.answer.favour import favour

    def scores(question, hits, base):
        picks = [Pick(i, s, base.get(s.text[:3], 0.5), 0.5) for i, h in enumerate(hits)
                 for s in split_sentences(h.text)]
        stats = TermStats([h.text for h in hits] + filler)
        favour(question, question_terms(question), picks, hits, stats, ExtractiveConfig())
        return {p.sentence.text[:3]: p.score for p in picks}

    filler = [f"{i}.1 International parcel {i} has a weight class." for i in range(60)]
    guide = [hit("3.2 For international shipments the volumetric weight is length × width × height.", 0.9),
             hit("3.6 The maximum insurable value is CNY 20,000.", 0.86),
             hit("3.7 A single piece may weigh at most 30 kg.", 0.88)]
    got = scores("What is the maximum weight of an international parcel?", guide, {})
    assert got == pytest.approx({"3.2": 0.4, "3.6": 0.5, "3.7": 0.8})
    rules = [hit("3.2 Parcels to Japan are accepted up to a weight of 30 kg.", 0.9),
             hit("4.1 Each parcel may weigh at most 50 kg, whatever its weight class.", 0.88)]
    got = scores("What is the maximum weight of a parcel to Japan?", rules, {"4.1": 0.6})
    assert got == pytest.approx({"3.2": 0.5, "4.1": 0.72})  # raised, then demoted


def test_an_upper_bound_answers_a_question_for_the_most_and_a_lower_one_for_the_least():
    cushion = hit("第五十条 箱子的缓冲距离不少于3厘米。", 0.9)
    side = hit("第五十一条 箱子最长边不超过150厘米。", 0.9)
    for q, first in (("箱子最多多少厘米？", "第五十一条"), ("箱子最少多少厘米？", "第五十条")):
        assert extract(q, [cushion, side]).picks[0].sentence.text.startswith(first), q


def test_a_term_said_with_the_other_polarity_is_not_the_questions():
    assert opposite_terms("保价的快件丢了怎么赔？", question_terms("保价的快件丢了怎么赔？"),
                          "未保价快件丢失的，按实际损失赔偿。") == {"保价"}
    assert opposite_terms("没保价的快件丢了怎么赔？", {"保价"}, "未保价快件丢失的，按实际损失赔偿。") == set()
    assert opposite_terms("没保价的快件丢了怎么赔？", {"保价"}, "保价快件丢失的，按声明价值赔偿。") == {"保价"}
    assert opposite_terms("易燃液体能不能寄？", {"易燃", "液体"}, "非易燃液体每票不超过2000毫升。") == {"易燃"}
    # said both ways in the text: the question's way is there
    assert opposite_terms("保价快件怎么赔？", {"保价"}, "未保价快件按实际损失，保价快件按声明价值。") == set()
    plain = hit("第一百三十五条 未保价快件丢失的，按实际损失赔偿。\n第一百三十六条 保价快件丢失的，按声明价值赔偿。", 0.9)
    assert extract("保价的快件丢了怎么赔？", [plain]).picks[0].sentence.text.startswith("第一百三十六条")
    # "before X" is "not yet X": 出兵前 agrees with 尚未出兵
    assert opposite_terms("在出兵菲律宾前，他为什么大怒？", {"出兵"}, "但尚未出兵，他勃然大怒。") == set()
    # English: a "non-" word is the other polarity ("non-flammable liquids" for flammable ones)
    asked = "Are flammable liquids accepted?"
    assert opposite_terms(asked, question_terms(asked), "Non-flammable liquids are accepted.") == {"flammabl"}
    assert opposite_terms("Are non-flammable liquids accepted?", {"flammabl"}, "Non-flammable liquids are accepted.") == set()


def test_quotes_that_meet_in_prose_are_one_quote_in_the_passages_order():
    text = "甲城建于唐代。后来守军不敌，有意撤退；此时主帅病逝，城中唯有投降。新主到后十分高兴。\n另起一行。"
    prose = Hit(1, "a.md", "甲城", text, 1.0, 1)
    rule = Hit(2, "b.md", "手册 > 第九条", text, 1.0, 1)
    s = {x.text: x for x in split_sentences(text)}
    # ranked: the effect, then what followed it, a line below, the cause it continues
    ranked = [s["此时主帅病逝，城中唯有投降。"], s["新主到后十分高兴。"], s["另起一行。"], s["后来守军不敌，有意撤退；"]]
    picks = [Pick(0, x, 1.0 - i / 10) for i, x in enumerate(ranked)]
    runs = in_runs(picks, [prose])
    assert runs == [[3, 0, 1], [2]]  # the next line is another quote
    merged = run_pick(picks, runs[0], [prose])
    assert merged.sentence.text == "后来守军不敌，有意撤退；此时主帅病逝，城中唯有投降。新主到后十分高兴。"
    assert merged.score == 1.0 and text[merged.sentence.start : merged.sentence.end] == merged.sentence.text
    # a numbered rule's sentences are provisions of their own; a sentence grown past its text is alone
    assert in_runs([Pick(0, p.sentence, p.score) for p in picks], [rule]) == [[0], [1], [2], [3]]
    grown = Pick(0, Sentence("表头\n" + ranked[1].text, ranked[1].start, ranked[1].end), 0.9)
    assert in_runs([picks[0], grown], [prose]) == [[0], [1]]


def test_sentences_of_an_article_are_ranked_as_saying_the_subject_it_defined():
    text = ("青檀兰（学名：）为兰科青檀兰属的植物，青檀兰是多年生草本，青檀兰常见于山地。叶片长圆形，长5-8厘米。"
            "花期4-6月。生长于海拔800米的林下。")
    assert subject_of(text) == "青檀兰" and subject_of("在欧洲，青檀兰少见。") == ""
    assert subject_of("第三条 青檀兰为保护植物。") == "" and subject_of("第三条（适用范围）本办法适用于…") == ""
    assert subject_of("高英（），北魏宣武帝的皇后。") == "高英"
    assert subject_of("欧洲越橘（学名：），又称黑果越橘，是杜鹃花科的植物。") == "欧洲越橘"
    assert subject_of("黑果越橘，又称欧洲越橘，是杜鹃花科的植物。") == "黑果越橘"
    assert subject_of("黑果越橘，又稱歐洲越橘，是杜鵑花科的植物。") == "黑果越橘"  # traditional script
    picks = extract("青檀兰的花期大约多久？", [hit(text, 0.9)]).picks
    assert picks[0].sentence.text == "花期4-6月。"


def test_a_clause_of_prose_is_quoted_as_the_whole_sentence_it_belongs_to():
    text = "青檀是树。此树的用途广泛，包括种皮作为食物；木材可制成矛；心材可作为颜料。另一句。"
    clause = split_sentences(text)[3]
    assert whole_sentence(text, clause, 240).text == "此树的用途广泛，包括种皮作为食物；木材可制成矛；心材可作为颜料。"
    assert whole_sentence(text, clause, 20) == clause  # too long to grow
    assert whole_sentence(text, split_sentences(text)[0], 240) == split_sentences(text)[0]  # already whole
    english = "Normally 8 hours a day; at peak times 10 hours. Every courier gets a day off."
    assert whole_sentence(english, split_sentences(english)[0], 240) == split_sentences(english)[0]
    assert extract("青檀的心材有什么用途？", [hit(text, 0.9)]).picks[0].sentence.text.startswith("此树的用途广泛")
    # a numbered rule's ； parts its provisions (is_prose reads the rule's label in its text)
    assert not is_prose(hit("第八条 骑车时应当佩戴头盔；禁止载人。", 0.9)) and is_prose(hit(text, 0.9))


def test_a_clause_that_several_passages_hold_is_quoted_once():
    # near-identical rules (a handbook's versions, a catalogue's entries) each hold the clause
    # that supports the best sentence; the answer quotes it once
    hits = [hit("长柄艾纳香花期3月，果期5月。", 0.9), hit("长柄艾纳香分布于台湾。长柄艾纳香花期3月。", 0.89),
            hit("长柄艾纳香花期3月。长柄艾纳香生长于山谷。", 0.88)]
    picks = extract("长柄艾纳香的花期和果期是什么时候？", hits).picks
    texts = [p.sentence.text for p in picks]
    assert texts[0] == "长柄艾纳香花期3月，果期5月。"
    assert texts.count("长柄艾纳香花期3月。") == 1
    # nor after a best sentence that already says it
    hits = [hit("第1条 青檀兰为兰科植物，又称兰1；花期3月；非易燃液体第1类。", 0.9),
            hit("第2条 青檀兰为兰科植物，又称兰2；花期3月；非易燃液体第2类。", 0.89)]
    picks = extract("青檀兰的花期是几月？", hits).picks
    assert "花期3月" in picks[0].sentence.text
    assert not any(p.sentence.text == "花期3月；" for p in picks[1:])


def test_an_e_mail_is_one_word():
    # "Can cash be mailed?" was answered with the contact line's "or e-mail intl@…"
    assert question_terms("Can cash be mailed?") & text_terms("or e-mail intl@feige.example") == set()
    assert "email" in text_terms("send an E-mail") and "xray" in text_terms("an x-ray")
    assert {"bike", "commerc"} <= text_terms("e-bike e-commerce")  # a kind of its part: its parts


def test_a_question_for_pay_or_an_address_needs_one_in_its_answer():
    rules = hit("第三条 近3个月平均每月寄件量达到100票以上的客户，可以申请成为月结协议客户。", 0.95, 0.95)
    model = ExtractiveConfig().dense_model
    assert extract("快递员一个月工资多少？", [rules], dense_model=model).abstain  # 100票 is no pay
    pay = hit("第九条 快递员底薪每月3000元，另按每票1元计提成。", 0.95, 0.95)
    assert not extract("快递员一个月工资多少？", [pay], dense_model=model).abstain
    scope = hit("第二条 本手册适用于本公司总部、各省区分公司、分拨中心及网点。", 0.95, 0.95)
    assert extract("公司总部地址在哪里？", [scope], dense_model=model).abstain  # names it, gives no address
    office = hit("第一条 本公司总部地址为上海市浦东新区世纪大道100号。", 0.95, 0.95)
    assert not extract("公司总部地址在哪里？", [office], dense_model=model).abstain


def test_what_asks_pay_or_an_address():
    assert ASKS_PAY.search("快递员工资一般是多少") and ASKS_PAY.search("How much does a courier earn?")
    assert not ASKS_PAY.search("运费多少钱") and not ASKS_PAY.search("How much is the fee?")
    assert ASKS_ADDRESS.search("总部地址在哪？") and ASKS_ADDRESS.search("What is the address of the head office?")
    assert not ASKS_ADDRESS.search("公司总部在哪里？")  # a city answers it
    assert ASKS_ADDRESS.search("香港的自取點有哪些地址？") and ASKS_ADDRESS.search("自取点的地址有哪些？")
    assert not ASKS_ADDRESS.search("哪些地址不能派送？")  # which addresses, not where a thing is
    # the address as a subject, not the thing asked for
    assert not ASKS_ADDRESS.search("收件地址要写到多详细？")
    assert not ASKS_ADDRESS.search("Do I need to write the address in English?")
    assert states_address("claims@feige-express.example") and states_address("5 Main Street")
    assert not states_address("本手册适用于本公司总部")
    assert states_pay("处违法所得一倍以上五倍以下的罚款") and not states_pay("达到100票以上")


def test_pay_in_months_of_salary_and_street_addresses_written_number_last():
    assert states_pay("年终奖金为一个月工资。") and states_pay("The annual bonus is one month's salary.")
    assert states_address("Our head office is at Hauptstrasse 5, 10115 Berlin.")
