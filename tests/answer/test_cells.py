"""A question answered by one cell of a cited table (luodi/answer/cells.py)."""

from __future__ import annotations

import pytest

from luodi.answer import Answerer, AskOptions
from luodi.answer.cells import cell_answer
from luodi.types import Hit

from .conftest import FixedRetriever

DOMESTIC = ("第五十七条 国内快件运费及时效如下：\n\n"
            "计费区域 | 首重（1公斤以内） | 续重（每公斤） | 标准时效 | 加急时效\n"
            "同城 | 8 | 2 | 次日达 | 当日达\n省内 | 10 | 3 | 1—2日 | 次日达\n偏远地区 | 20 | 10 | 4—7日 | 不提供")
BULKY = "第十一條 大件運費如下：\n\n計費區域 | 起步價（含30公斤） | 參考時效\n同城 | 60 | 1至2日\n省內 | 80 | 2至3日"
ABROAD = "3.1 Rates:\n\nZone | First 0.5 kg | Each additional 0.5 kg\nZone A | CNY 98 | CNY 30\nZone B | CNY 150 | CNY 45"


@pytest.mark.parametrize(("question", "texts", "expected"), [
    ("省内件加急多久能到？", [DOMESTIC], "省内 · 加急时效：次日达"),  # 加急 names the column
    ("省内件的标准时效是几天", [DOMESTIC], "省内 · 标准时效：1—2日"),
    ("省内件几天能到", [DOMESTIC], "省内 · 标准时效：1—2日"),  # the standard service unless another is named
    ("同城件首重多少钱", [DOMESTIC], "同城 · 首重（1公斤以内）：8"),
    ("偏远地区能加急吗", [DOMESTIC], "偏远地区 · 加急时效：不提供"),
    ("大件省内起步价多少", [DOMESTIC, BULKY], "省內 · 起步價（含30公斤）：80"),  # as written
    ("省內大件幾天能到", [BULKY], "省內 · 參考時效：2至3日"),  # how long: the one time column
    ("What is the first 0.5 kg rate for Zone B?", [ABROAD], "Zone B · First 0.5 kg: CNY 150"),
    ("同城件春节截单时间是几点", ["业务类型 | 截单时间\n同城件、省内件 | 15:00"], "同城件、省内件 · 截单时间：15:00"),
    ("跨省截单时间是几点", ["业务类型 | 截单时间\n跨省件 | 16:00"], "跨省件 · 截单时间：16:00"),  # 跨省件 is 跨省
    ("How much is each additional 0.5 kg to Zone A?", [ABROAD], "Zone A · Each additional 0.5 kg: CNY 30"),
])
def test_the_cell_the_question_names(question, texts, expected):
    cell = cell_answer(question, texts)
    assert cell is not None and cell.text == expected


NOTICE = "业务类型 | 服务日期 | 截单时间 | 说明\n跨省件 | 2月15日—2月23日 | 15:00 | 暂停收寄"
COUNTRIES = "Country | Transit time\nUS | 5 days\nUK | 4 days"


def test_a_cell_that_holds_only_on_some_dates_says_which():
    cell = cell_answer("跨省件截单时间是几点？", [NOTICE])
    assert cell is not None and cell.text == "跨省件 · 截单时间：15:00（服务日期：2月15日—2月23日）"


@pytest.mark.parametrize(("question", "holds"), [
    ("2026年2月10日跨省件几点截单？", False), ("2月16号跨省件几点截单", True), ("2026-02-23跨省件截单时间", True),
    ("2月24日跨省件几点截单", False)])
def test_a_question_on_a_day_the_row_does_not_hold_gets_no_cell(question, holds):
    """15:00 is the cut-off from 2月15日; asked about 2月10日 the row is not the answer."""
    assert (cell_answer(question, [NOTICE]) is not None) is holds


def test_a_row_from_a_day_onward_and_an_effective_date_column_hold_after_that_day():
    table = "业务类型 | 服务日期 | 截单时间\n跨省件 | 2月15日起 | 15:00"
    assert cell_answer("2月21日跨省件几点截单", [table]) is not None
    assert cell_answer("2月10日跨省件几点截单", [table]) is None
    prices = "城市 | 首重 | 生效日期\n北京 | 12元 | 2026年1月1日"
    assert cell_answer("3月5日寄北京首重多少钱？", [prices]) is not None
    assert cell_answer("我1月3日寄的件，2月16日跨省件几点截单", [NOTICE]) is not None  # any date it names


def test_a_range_of_days_may_run_over_the_new_year():
    table = "业务类型 | 服务日期 | 截单时间\n跨省件 | 12月30日至1月2日 | 15:00"
    assert cell_answer("1月1日跨省件几点截单", [table]) is not None
    assert cell_answer("1月5日跨省件几点截单", [table]) is None


@pytest.mark.parametrize("cutoff", ["15:00", "—"])
def test_asked_how_long_a_time_column_holding_a_clock_time_or_nothing_is_passed_over(cutoff):
    notice = f"业务类型 | 服务日期 | 截单时间\n偏远地区件 | 暂停 | {cutoff}"
    cell = cell_answer("偏远地区件几天能到？", [notice, "区域 | 首重 | 标准时效\n偏远地区 | 20 | 4—7日"])
    assert cell is not None and cell.text == "偏远地区 · 标准时效：4—7日"


def test_a_row_whose_last_cell_is_empty_is_still_a_row():
    cell = cell_answer("跨省件首重多少钱？", ["区域 | 首重 | 备注\n同城 | 8 | \n跨省 | 12 | "])
    assert cell is not None and cell.text == "跨省 · 首重：12"


@pytest.mark.parametrize(("question", "texts"), [
    ("寄往不同城市的快件加急多久能到？", [DOMESTIC]),  # 不同城市 is not 同城
    ("非省内件首重多少？", [DOMESTIC]),
    ("How many business days to Germany?", [COUNTRIES]),  # "us" inside "business"
    ("2026年春节期间，跨省件哪几天暂停收寄？", [NOTICE]),  # which days, not how long
    ("同城件几天能到", [DOMESTIC, BULKY]),  # one table is clear, the other not: which table is meant?
    ("省内件多少钱", [DOMESTIC]),  # 首重 or 续重
    ("跨省件加急多久能到", [DOMESTIC]),  # no such row
    ("加急多久能到", [DOMESTIC]),  # no row named
    ("同城件首重多少钱", ["区域 | 首重 | 续重\n同城 | — | 2"]),  # an empty cell
    ("快件丢了怎么赔", [DOMESTIC, "第一百三十五条 未保价快件丢失的，按实际损失赔偿。"]),
])
def test_nothing_is_read_when_the_cell_is_not_clear(question, texts):
    assert cell_answer(question, texts) is None


def test_the_answer_opens_with_the_cell_and_cites_its_table():
    hits = [Hit(1, "notice.md", "公告", "春节期间省内件暂停加急服务，恢复时间另行通知。", 1.0, 1),
            Hit(2, "handbook.md", "手册 > 第五十七条", DOMESTIC, 0.9, 2)]
    a = Answerer(FixedRetriever(hits)).ask("省内件加急多久能到？", AskOptions())
    first, _, rest = a.answer.partition("\n")
    n = int(first.rsplit("[", 1)[1].rstrip("]"))
    assert first.startswith("省内 · 加急时效：次日达 [") and a.citations[n - 1].chunk == 2
    assert rest and all(c.supported for c in a.checks)


def test_a_header_with_an_empty_corner_cell_is_still_the_header():
    table = " | 首重 | 续重\n省内 | 10 | 3\n省外 | 15 | 5"  # as the cleaner writes |  | 首重 | 续重 |
    cell = cell_answer("省外续重多少钱", [table])
    assert cell is not None and cell.text == "省外 · 续重：5"


def test_a_weight_in_the_question_names_no_weight_column():
    table = "运费（单位：元）：\n区域 | 起步价（含30公斤） | 超过30公斤部分（每公斤）\n跨省 | 120 | 3"
    assert cell_answer("寄两个3公斤的跨省件多少钱？", [table]) is None
    assert cell_answer("跨省超过30公斤的部分每公斤多少钱？", [table]).value == "3"


def test_of_two_time_columns_neither_standard_none_is_read():
    table = "时效如下：\n区域 | 陆运时效 | 航空时效\n同城 | 2日 | 1日"
    assert cell_answer("同城件几天能到", [table]) is None
