from __future__ import annotations

import pytest

from luodi.memory.rewrite import accept_model, is_follow_up, rule_rewrite, topic

CASES = [
    # message, previous standalone, expected substrings, forbidden substrings
    ("那上海呢？", "北京的同城件首重多少钱？", ["上海的同城件首重多少钱"], ["北京"]),
    ("那如果是跨省呢", "北京的同城件首重多少钱？", ["北京的跨省件首重"], ["同城"]),
    ("续重呢？", "北京的同城件首重多少钱？", ["续重"], ["首重"]),
    ("那5公斤的呢？", "一个3.5公斤的省内件，运费是多少？", ["5公斤的省内件"], ["3.5"]),
    ("它的罚款是多少", "超速驾驶怎么处理？", ["超速驾驶的罚款是多少"], ["它"]),
    ("它的溫度要求是多少？", "冷凍生鮮件最多派送幾次？", ["冷凍生鮮件的溫度要求"], []),
    ("該服務怎麼收費？", "什麼是簽回單？", ["簽回單服務怎麼收費"], ["該"]),
    ("那香港呢", "寄往台灣的個人物品，申報價值上限是多少？", ["寄往香港的個人物品"], ["台灣"]),
    ("what about Taiwan?", "How many business days does an international parcel to Germany take?",
     ["parcel to Taiwan take"], ["Germany"]),
    ("and for parcels over 20 kg?", "What is the first-weight rate for inter-province parcels?",
     ["inter-province", "20 kg"], []),
    ("How much does it cost?", "What is declared value insurance?", ["declared value insurance"], []),
    ("What is its weight limit?", "What is the speed limit for electric tricycles?",
     ["weight limit for electric tricycles"], ["its"]),
    ("and for vans?", "What is the speed limit for electric tricycles on city roads?",
     ["speed limit for vans"], ["tricycles"]),
    # "its" with a new weight: the same question for that weight; "its" alone: the whole parcel
    ("and its cost for 2 kg?", "How much does it cost to send a 1 kg parcel to Japan?",
     ["send a 2 kg parcel to Japan"], ["1 kg"]),
    ("那它2公斤呢？", "寄1公斤到日本多少钱？", ["寄2公斤到日本多少钱"], ["1公斤"]),
    ("what about its insurance?", "How much does it cost to send a 1 kg parcel to Japan?",
     ["insurance for 1 kg parcel to Japan"], []),
    # a new weight with another ask is no repeat of the previous question
    ("那它5公斤要几天？", "寄一个3公斤的跨省件运费多少？", ["5公斤要几天"], ["运费"]),
    ("how long does it take for 2 kg?", "How much does it cost to send a 1 kg parcel to Japan?",
     ["how long", "2 kg", "Japan"], ["cost", "1 kg"]),
    ("what about its price to Shanghai?", "How much is it to send a 5 kg document to Beijing?",
     ["Shanghai", "5 kg document"], ["Beijing"]),
    # "it" that takes time is the parcel, not the cost asked before
    ("How long does it take?", "How much does it cost to send a 1 kg parcel to Japan?",
     ["How long does 1 kg parcel to Japan take"], ["cost"]),
    # a service for the same parcel whose price was asked: the parcel and the price are kept
    ("加急呢？", "一个3公斤的跨省件运费多少？", ["如果是加急，一个3公斤的跨省件运费多少"], []),
    # a rule cited by number keeps its document
    ("那第十三条呢？", "月结规则第十二条说了什么", ["月结规则第十三条说了什么"], ["第十二条"]),
    ("那第二十二條呢", "個保法第二十一條講什麼", ["個保法第二十二條講什麼"], ["第二十一條"]),
    ("And article 22?", "What does Article 21 of the Personal Information Protection Law say?",
     ["article 22 of the Personal Information Protection Law"], ["21"]),
    # and a paragraph or item of it
    ("那第二款呢？", "快递暂行条例第四十条第一款说了什么？", ["快递暂行条例第四十条第二款说了什么"], ["第一款"]),
    ("那第二款呢？", "快递暂行条例第四十条说了什么？", ["快递暂行条例第四十条第二款说了什么"], ["如果"]),
    ("第三项呢", "快递暂行条例第四十条第二款第一项说了什么？", ["快递暂行条例第四十条第二款第三项"],
     ["第一项"]),
    ("第三款呢", "快递暂行条例第四十条第二款第一项说了什么？", ["快递暂行条例第四十条第三款说了"],
     ["第一项"]),
    # another article: the whole of it, not the previous one's paragraph
    ("那第四十一条呢？", "快递暂行条例第四十条第二款说了什么？", ["快递暂行条例第四十一条说了什么"], ["款"]),
    ("那第41条呢", "快递暂行条例第40条第2款第（一）项说了什么？", ["快递暂行条例第41条说了什么"],
     ["款", "项"]),
    ("那第（二）项呢？", "快递暂行条例第四十条说了什么？", ["快递暂行条例第四十条第（二）项说了什么"], ["的第"]),
    ("那第四十一条第二款呢？", "快递暂行条例第四十条说了什么？", ["快递暂行条例第四十一条第二款说了什么"], []),
    ("那第三章呢？", "操作手册第二章讲了什么？", ["操作手册第三章讲了什么"], ["第二章"]),
    ("那第二节呢？", "个保法第二章第一节讲了什么？", ["个保法第二章第二节讲了什么"], ["第一节"]),  # in its chapter
    ("那第一节呢？", "个保法第二章讲了什么？", ["个保法第二章第一节讲了什么"], []),
    # in English, and across languages: the part is written as the article is
    ("And paragraph 2?", "What does Article 40 of the Postal Law say?", ["Article 40(2) of the Postal Law"], []),
    ("那第二款呢？", "What does Article 40 of the Postal Law say?", ["Article 40(2) of the Postal Law"], ["款"]),
    ("And item 3?", "What does Article 40(2) of the Postal Law say?", ["Article 40(2)(3) of"], []),
    ("And paragraph 3?", "What does Article 40(2)(1) of the Postal Law say?", ["Article 40(3) of"], ["(1)"]),
    ("What about paragraph 2?", "邮政法第四十条说了什么？", ["邮政法第四十条第二款说了什么"], ["paragraph"]),
    ("第三项呢", "邮政法第40条第2款第1项说了什么？", ["邮政法第40条第2款第3项"], ["第1项"]),
    ("And Article 41?", "What does paragraph 2 of Article 40 of the Postal Law say?",
     ["What does Article 41 of the Postal Law"], ["paragraph"]),
    # a route: the new place takes the end it is said to be (寄到: the destination; 从: the origin;
    # alone: the destination); a new origin for a question with none is a condition
    ("那寄到成都呢？", "从广州寄到深圳3公斤多少钱？", ["从广州寄到成都3公斤多少钱"], ["深圳"]),
    ("那成都呢？", "从广州寄到深圳3公斤多少钱？", ["从广州寄到成都"], ["深圳"]),
    ("那从南京寄呢？", "从上海寄到杭州的快件几天能到？", ["从南京寄到杭州"], ["上海"]),
    ("那寄到綿陽呢？", "從成都寄到重慶2公斤多少錢？", ["從成都寄到綿陽2公斤"], ["重慶"]),
    ("What about to Lhasa?", "How much does it cost to send 2 kg from Beijing to Shanghai?",
     ["from Beijing to Lhasa"], ["Shanghai"]),
    ("那从北京寄呢？", "寄到新疆的2公斤包裹多少钱？", ["如果是从北京寄，寄到新疆的2公斤包裹多少钱"], []),
    # only another ask of the same thing: asked in place of the previous one's
    ("要几天？", "从广州寄到成都3公斤多少钱？", ["从广州寄到成都3公斤要几天？"], ["多少钱"]),
    ("要多久？", "從成都寄到綿陽2公斤多少錢？", ["從成都寄到綿陽2公斤要多久？"], ["錢"]),
    ("那多少钱？", "从上海寄到杭州的快件几天能到？", ["从上海寄到杭州的快件多少钱？"], ["几天"]),
]


@pytest.mark.parametrize("message,previous,want,forbid", CASES)
def test_rule_rewrite(message, previous, want, forbid):
    r = rule_rewrite(message, previous)
    assert r.follow_up and r.by == "rules"
    for w in want:
        assert w in r.question, r.question
    for f in forbid:
        assert f not in r.question, r.question


@pytest.mark.parametrize("message", [
    "跨省件首重多少钱？", "派送员最多会派送几次？", "Can I answer a customer's call while riding?",
    "我负责西城区", "How heavy a parcel may I lift alone?",
])
def test_standalone_questions_are_left_alone(message):
    assert not is_follow_up(message)
    assert rule_rewrite(message, "北京的同城件首重多少钱？").question == message


def test_no_previous_question_means_no_rewrite():
    r = rule_rewrite("那上海呢？", None)
    assert r.question == "那上海呢？" and not r.follow_up


def test_masked_values_never_come_back():
    r = rule_rewrite("那下下周呢？", "[已遗忘]下周有什么安排")
    assert "[已遗忘]" not in r.question


@pytest.mark.parametrize("text,want", [
    ("什么是保价？", "保价"), ("冷冻生鲜件最多派送几次？", "冷冻生鲜件"), ("What is declared value insurance?",
     "declared value insurance"), ("北京的同城件首重多少钱？", "同城件"),
])
def test_topic(text, want):
    assert topic(text) == want


def test_model_proposals_are_checked():
    prev, msg = "北京的同城件首重多少钱？", "那上海呢？"
    rules = rule_rewrite(msg, prev)
    assert accept_model("上海的同城件首重多少钱？", msg, prev, rules)
    assert not accept_model("北京的同城件首重多少钱？", msg, prev, rules)  # old value kept
    assert not accept_model("上海呢？", msg, prev, rules)  # lost the topic
    assert not accept_model("How much in Shanghai?", msg, prev, rules)  # wrong language
    assert not accept_model("", msg, prev, rules)


@pytest.mark.parametrize("previous,message,standalone", [
    ("Is there a surcharge for remote areas?", "How much is it?", "How much is the surcharge for remote areas?"),
    ("What is the speed limit for electric tricycles?", "Does it apply at night?",
     "Does the speed limit for electric tricycles apply at night?"),
    ("What is declared value insurance?", "How much is it?", "How much is declared value insurance?"),
])
def test_it_stands_for_what_the_previous_question_asked_about(previous, message, standalone):
    assert rule_rewrite(message, previous).question == standalone
