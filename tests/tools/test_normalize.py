from datetime import datetime

import pytest

from luodi.tools.normalize import find_slot, resolve_date, resolve_eta

WED = datetime(2026, 3, 11, 10, 0)
SUN = datetime(2026, 3, 15, 9, 0)


@pytest.mark.parametrize("text,now,want", [
    ("三點半", WED, "2026-03-11T15:30"),
    ("3点半", WED, "2026-03-11T15:30"),
    ("下午三点", WED, "2026-03-11T15:00"),
    ("上午九点", WED, "2026-03-11T09:00"),
    ("十点一刻", WED, "2026-03-11T10:15"),
    ("晚上7点", WED, "2026-03-11T19:00"),
    ("中午1点", WED, "2026-03-11T13:00"),
    ("明天下午3点", WED, "2026-03-12T15:00"),
    ("明天早上八點半", SUN, "2026-03-16T08:30"),
    ("40分钟后", WED, "2026-03-11T10:40"),
    ("半小时后", WED, "2026-03-11T10:30"),
    ("一个半小时后", WED, "2026-03-11T11:30"),
    ("in 40 minutes", WED, "2026-03-11T10:40"),
    ("in an hour", WED, "2026-03-11T11:00"),
    ("3pm", WED, "2026-03-11T15:00"),
    ("at 4:30 pm", WED, "2026-03-11T16:30"),
    ("tomorrow at 9:30", WED, "2026-03-12T09:30"),
    ("2026-03-20T08:05", WED, "2026-03-20T08:05"),
    ("晚一点", WED, None),
    ("快到了", WED, None),
])
def test_eta(text, now, want):
    assert resolve_eta(text, now) == want


@pytest.mark.parametrize("text,now,want", [
    ("明天上午", WED, "2026-03-12"),
    ("后天", WED, "2026-03-13"),
    ("後天", WED, "2026-03-13"),
    ("大后天", WED, "2026-03-14"),
    ("下周一", WED, "2026-03-16"),
    ("下週一", WED, "2026-03-16"),
    ("下周一", SUN, "2026-03-16"),
    ("下周三", SUN, "2026-03-18"),
    ("周五", WED, "2026-03-13"),
    ("周五", SUN, "2026-03-20"),
    ("本周五", WED, "2026-03-13"),
    ("Friday", WED, "2026-03-13"),
    ("next Monday", WED, "2026-03-16"),
    ("tomorrow afternoon", WED, "2026-03-12"),
    ("the day after tomorrow", SUN, "2026-03-17"),
    ("3月14日", WED, "2026-03-14"),
    ("20号", SUN, "2026-03-20"),
    ("10号", SUN, "2026-04-10"),
    ("March 12", WED, "2026-03-12"),
    ("改一下", WED, None),
])
def test_date(text, now, want):
    assert resolve_date(text, now) == want


@pytest.mark.parametrize("text,want", [
    ("明天上午", "morning"), ("下午", "afternoon"), ("晚上", "evening"), ("tomorrow afternoon", "afternoon"),
    ("Friday", None),
])
def test_slot(text, want):
    assert find_slot(text) == want
