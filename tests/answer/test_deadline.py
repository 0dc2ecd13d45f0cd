"""The last day of a period a rule sets, from the question's date (luodi.answer.deadline)."""

from __future__ import annotations

from datetime import date

from luodi.answer.deadline import deadline, deadline_text

CLAIMS = ("第一百三十八条 索赔应当在下列期限内提出：\n（一）快件丢失的，自快件寄出之日起30日内提出；\n"
          "（二）快件损毁或内件短少的，在签收时当场提出，或者自签收之日起7日内提出；")
BILL = "第七条 客户应当自账单发送之日起10日内完成核对，并在15日内付清款项。"
GUIDE = "7.3 Damage must be reported within 7 days of delivery. Loss must be reported within 60 days of the dispatch date."
TODAY = date(2026, 12, 4)


def test_the_period_from_the_event_the_question_names_the_start_day_not_counted():
    q = "快件3月3日签收时发现破损，最晚哪天之前要提出索赔？"
    got = deadline(q, CLAIMS.splitlines(), TODAY)
    assert (got.last, got.quote) == (date(2026, 3, 10), "或者自签收之日起7日内提出")  # 签收, not 寄出's 30 days
    assert deadline_text(q, got) == ("按引用条款计算：自3月3日起7日内（起算当日不计入），最后一天为3月10日。", "3月10日")
    assert deadline("快件3月3日寄出后丢了，最晚哪天要索赔？", CLAIMS.splitlines(), TODAY).last == date(2026, 4, 2)


def test_of_two_periods_from_one_event_the_clause_the_question_asks_about():
    assert deadline("账单3月1日发送，最晚几号要付清？", [BILL], TODAY).days == 15
    assert deadline("账单3月1日发送，最晚几号要完成核对？", [BILL], TODAY).days == 10


def test_english_rules_and_a_year_crossed():
    got = deadline("A parcel was dispatched on 20 December 2026 and lost. What is the deadline to report it?", GUIDE.split(". "), TODAY)
    assert got.last == date(2027, 2, 18)
    assert deadline_text("What is the deadline?", got)[1] == "18 February 2027"
    assert deadline("Delivered on 3 March with damage: the last day to report it?", GUIDE.split(". "), TODAY).days == 7


def test_nothing_without_one_date_the_event_and_a_question_for_the_day():
    assert deadline("快件3月3日签收，怎么索赔？", CLAIMS.splitlines(), TODAY) is None  # no day asked
    assert deadline("快件签收后最晚哪天要索赔？", CLAIMS.splitlines(), TODAY) is None  # no date
    assert deadline("快件3月3日揽收，最晚哪天要索赔？", CLAIMS.splitlines(), TODAY) is None  # an event no period runs from
    assert deadline("3月3日寄出，5个工作日内最晚哪天？", ["自寄出之日起5个工作日内"], TODAY) is None


def test_the_date_must_be_the_events_and_a_start_day_counted_when_the_rule_says_so():
    lines = CLAIMS.splitlines()
    assert deadline("我3月3日下单，签收时才发现破损，最晚哪天要提出？", lines, TODAY) is None  # the order's date
    assert deadline("签收日期是3月3日，破损最晚哪天提出？", lines, TODAY).last == date(2026, 3, 10)
    got = deadline("我3月3日签收的，最晚哪天能申请无理由退货？", ["第七条 客户可以自签收之日起7日内（含签收当日）申请无理由退货。"], TODAY)
    assert got.last == date(2026, 3, 9) and "起算当日计入" in deadline_text("最晚哪天", got)[0]


def test_the_rule_the_question_is_about_must_run_from_its_dated_event_in_calendar_days():
    # the damage rule (签收) is the one asked about; the date given is the dispatch's
    assert deadline("3月3日寄出的快件，签收时发现破损，最晚哪天要提出？", CLAIMS.splitlines(), TODAY) is None
    rules = ["第七条 客户可以自签收之日起7日内申请无理由退货。", "第九条 客户对服务不满意的，应当自签收之日起15个工作日内提出投诉。"]
    assert deadline("我3月3日签收，对服务不满意，最晚哪天投诉？", rules, TODAY) is None  # working days: not counted here
    assert deadline("我3月3日签收的快递，最晚哪天申请无理由退货？", rules, TODAY).days == 7
    # one line of two periods: the one from the event the question dates
    assert deadline("Delivered on 3 March, broken: the last day to report it?", [GUIDE], TODAY).days == 7


def test_a_start_day_excluded_or_included_later_in_the_sentence_and_a_period_from_a_later_point():
    assert deadline("3月3日簽收的快件，最晚哪天申請退貨？", ["客戶可以自簽收之日起7日內（不含簽收當日）申請退貨。"],
                    TODAY).last == date(2026, 3, 10)
    assert deadline("It was delivered on 2 March. What is the last day to return it?",
                    ["Returns are accepted within 20 days of delivery, including the day of delivery."],
                    TODAY).last == date(2026, 3, 21)
    later = ["自寄出之日起超過30日仍未妥投的，視為遺失；寄件人應於此後7日內申請理賠。"]
    assert deadline("3月1日寄出的快件一直沒到，最晚哪天申請理賠？", later, TODAY) is None  # 7 days from day 30


def test_a_day_of_the_month_is_no_period():
    assert deadline("我3月1日入职，最晚哪天发首月工资？", ["第五条 首月工资自入职之日起于次月15日内发放。"], TODAY) is None
