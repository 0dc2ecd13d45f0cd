from __future__ import annotations

import pytest

from luodi.memory.commands import parse

FACTS = [{"id": 1, "key": "employee_id", "value": "B7741"}, {"id": 2, "key": "phone", "value": "13812345678"}]


@pytest.mark.parametrize("text,kind,keys,everything", [
    ("忘掉我的电话号码", "forget", ["phone"], False),
    ("forget my address", "forget", ["address"], False),
    ("please forget B7741", "forget", ["employee_id"], False),
    ("請忘記我的工號", "forget", ["employee_id"], False),
    ("把我的手机号删掉", "forget", ["phone"], False),
    ("忘掉关于我的一切", "forget", [], True),
    ("forget everything about me", "forget", [], True),
    ("你记得我什么", "list", [], False),
    ("你記得我什麼", "list", [], False),
    ("what do you remember about me?", "list", [], False),
])
def test_commands(text, kind, keys, everything):
    cmd = parse(text, FACTS)
    assert cmd is not None and cmd.kind == kind
    assert cmd.keys == keys and cmd.everything == everything


@pytest.mark.parametrize("text", ["忘记密码怎么办？", "我忘了带工牌", "delete a shipment order?",
                                  "派送员最多会派送几次？"])
def test_questions_are_not_commands(text):
    assert parse(text, FACTS) is None
