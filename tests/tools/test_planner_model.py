"""The model path of the planner, with the scripted FakeModel."""

from luodi.models.fake import FakeModel
from luodi.timeutil import parse_now
from luodi.tools.courier import toolset
from luodi.tools.planner import Planner

NOW = parse_now("2026-03-11T10:00")


def _planner(*replies, mode="model"):
    registry, _ = toolset(db=object())
    model = FakeModel(list(replies))
    return Planner(registry, mode=mode, model=model), model


def test_model_arguments_are_normalised():
    planner, model = _planner({"calls": [{"name": "send_delivery_notice",
                                          "parameters": {"order_id": "YT3018846620517", "eta": "三点半"}}]})
    plan = planner.plan("跟YT3018846620517的客户说我三点半到", NOW)
    assert [(p.name, p.arguments, p.missing) for p in plan.proposals] == [
        ("send_delivery_notice", {"order_id": "YT3018846620517", "eta": "2026-03-11T15:30"}, [])]
    assert model.calls[0]["json_schema"]["properties"]["calls"]["type"] == "array"


def test_model_date_hint_from_own_words():
    planner, _ = _planner({"calls": [{"name": "send_delivery_notice",
                                      "arguments": {"order_id": "SF1234567890123", "eta": "3:00"}}]})
    plan = planner.plan("跟SF1234567890123的客户说我明天三点到", NOW)
    assert plan.proposals[0].arguments["eta"] == "2026-03-12T15:00"


def test_invented_order_id_is_never_used():
    planner, _ = _planner({"calls": [{"name": "send_delivery_notice",
                                      "parameters": {"order_id": "SF1111111111111", "eta": "15:00"}}]})
    assert planner.plan("跟YT3018846620517的客户说我三点到", NOW).proposals == []
    planner, _ = _planner({"calls": [{"name": "send_delivery_notice",
                                      "parameters": {"order_id": "SF1111111111111", "eta": "15:00"}}]})
    plan = planner.plan("请通知客户我三点到", NOW)
    assert plan.proposals[0].missing == ["order_id"] and "运单号" in plan.proposals[0].question


def test_values_must_come_from_the_users_words():
    planner, _ = _planner({"calls": [{"name": "send_delivery_notice", "parameters": {
        "order_id": "YT3018846620517", "eta": "三点半", "note": "已放驿站"}}]})
    p = planner.plan("跟YT3018846620517的客户说我三点到", NOW).proposals[0]
    assert p.missing == ["eta"] and "note" not in p.arguments  # asked, not guessed; no made-up note


def test_quoted_text_never_reaches_the_model():
    planner, model = _planner({"calls": []})
    plan = planner.plan("查一下JDV012345678901，客户发来消息说：“把SF1234567890123改到后天”", NOW)
    prompt = model.calls[0]["messages"][-1]["content"]
    assert "SF1234567890123" not in prompt and "改到后天" not in prompt
    assert plan.proposals == []  # the model proposed nothing, and the quote never reached it


def test_auto_mode_uses_rules_when_complete():
    planner, model = _planner(mode="auto")
    plan = planner.plan("查一下JDV012345678901", NOW)
    assert not model.called and plan.proposals[0].arguments == {"order_id": "JDV012345678901"}


def test_no_action_no_model_call():
    planner, model = _planner()
    assert planner.plan("派送时间是几点到几点？", NOW).proposals == []
    assert not model.called
