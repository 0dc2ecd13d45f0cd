from __future__ import annotations

import pytest

from luodi.memory.facts import extract, is_pure_statement, recall_key, relevant, substitute

EXTRACT = [
    ("我负责西城区", [("area", "西城区")], True),
    ("我負責海淀區", [("area", "海淀區")], True),
    ("my employee number is B7741", [("employee_id", "B7741")], True),
    ("My employee number is now C9902", [("employee_id", "C9902")], True),
    ("我周五休息", [("day_off", "周五")], True),
    ("我的电话是13812345678", [("phone", "13812345678")], True),
    ("I work at the Haidian depot", [("depot", "Haidian depot")], True),
    ("我在海淀网点工作，我的工号是A2048", [("depot", "海淀网点"), ("employee_id", "A2048")], True),
    ("我是快递员，电动三轮车在小区里限速多少？", [("role", "快递员")], False),
    ("I'm off on Fridays. I ride an electric tricycle.", [("day_off", "Friday"), ("vehicle", "electric tricycle")], True),
    ("my address is 12 Garden Road, Haidian", [("address", "12 Garden Road, Haidian")], True),
    ("我叫张伟", [("name", "张伟")], True),
    ("我叫王小明，我负责城东网点", [("name", "王小明"), ("depot", "城东网点")], True),
    ("I manage the East Side depot.", [("depot", "East Side depot")], True),
    ("My name is Ann and I work at the Haidian depot.", [("name", "Ann"), ("depot", "Haidian depot")], True),
    ("我负责的网点周末几点关门？", [], False),
    ("我叫李雷，工号A2048，周三休息", [("name", "李雷"), ("employee_id", "A2048"), ("day_off", "周三")], True),
    ("我叫李雷，周三休息吗？", [("name", "李雷")], False),
    ("我是快遞員，負責信義區，週四休息", [("role", "快遞員"), ("area", "信義區"), ("day_off", "週四")], True),
    ("请问，负责西城区的是谁？", [], False),
    ("我上夜班", [("shift", "夜班")], True),
    ("我负责的区域下周有什么安排", [], False),
    ("我的工号是多少？", [], False),
    # a supposition is not about the user
    ("如果我住在北京市朝阳区，寄到上海的快件几天能到？", [], False),
    ("假如我是货车司机，在高速公路上限速多少？", [], False),
    ("If I drive a van, what is the speed limit on expressways?", [], False),
    ("我负责哪个区？", [], False),
    ("What is the speed limit for electric tricycles?", [], False),
]


@pytest.mark.parametrize("text,want,pure", EXTRACT)
def test_extract(text, want, pure):
    found = extract(text)
    assert [(m.key, m.value) for m in found] == want
    assert is_pure_statement(text, found) == pure


@pytest.mark.parametrize("text,key", [
    ("我的工号是多少？", "employee_id"), ("what's my employee number?", "employee_id"),
    ("我哪天休息？", "day_off"), ("我工号多少？", "employee_id"), ("我負責哪個區？", "area"), ("where do I work?", "depot"),
    ("我的电话是多少", "phone"), ("what's my address?", "address"), ("我叫什么？", "name"),
    ("派送员最多会派送几次？", None), ("我的电话是13812345678", None), ("我的车限速多少？", None),
    ("我的快件什么时候到？", None), ("what is my phone number?", "phone"),
])
def test_recall_key(text, key):
    assert recall_key(text) == key


def test_substitute_fills_in_remembered_values():
    q, used = substitute("我负责的区域下周有什么安排", {"area": "西城区"})
    assert q == "西城区下周有什么安排" and used == ["area"]
    q, used = substitute("What time does my depot hold its morning meeting?", {"depot": "Haidian depot"})
    assert "the Haidian depot" in q and used == ["depot"]
    assert substitute("我负责的区域下周有什么安排", {})[0] == "我负责的区域下周有什么安排"


def test_relevance_is_bounded_and_keeps_identity_facts_out():
    facts = [{"id": i, "key": k, "value": v} for i, (k, v) in enumerate(
        [("area", "西城区"), ("phone", "13812345678"), ("day_off", "周五"), ("depot", "海淀网点"),
         ("vehicle", "电动三轮车")])]
    chosen = relevant("西城区下周的派送安排", facts, ["area"], limit=3)
    assert chosen[0]["key"] == "area" and len(chosen) <= 3
    assert all(f["key"] != "phone" for f in chosen)
