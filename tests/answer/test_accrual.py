"""A fee that runs with time after a free period (luodi.answer.accrual)."""

from __future__ import annotations

from decimal import Decimal

from luodi.answer.accrual import accrued, accrued_text, asked_hours

BULKY = ("第十七條　大件最多派送2次。2次均未妥投的，轉入網點倉庫保管，自轉入之日起免費保管3日；超過3日的，"
         "每件每日收取倉儲費20元，累計不超過300元。")
LOCKER = ("第一百零六条 智能快件箱免费保管24小时。超过24小时未取的，每超过12小时收取保管费1元（不足12小时按12小时计），"
          "累计不超过3元；超过72小时仍未取的，派送员应当取出快件。")
ENGLISH = "Parcels are held free for 7 days; after that we charge CNY 5 per day, up to CNY 50."


def test_days_past_the_free_period_times_the_daily_rate():
    got = accrued("大件在网点放了5天，仓储费要多少？", [BULKY])
    assert got.total == 40 and not got.capped
    text, atom = accrued_text("大件在网点放了5天，仓储费要多少？", got)
    assert text == "按引用条款计算：5日 − 免费3日 = 2日；2 × 20 = 40 元。" and atom == "40 元"
    assert got.quote.startswith("2次均未妥投的") and got.quote.endswith("累計不超過300元。")  # the source's script


def test_the_cap_and_a_part_span_counted_whole_where_the_rule_says_so():
    assert accrued("大件放了30天，倉儲費多少？", [BULKY]).total == 300  # 27 × 20 = 540, capped
    assert "累計上限" in accrued_text("大件放了30天，倉儲費多少？", accrued("大件放了30天，倉儲費多少？", [BULKY]))[0]
    locker = accrued("快递柜里的件放了40个小时才取，要交多少钱？", [LOCKER])
    assert (locker.spans, locker.total) == (2, 2)  # 16 hours: two 12-hour spans, the second part counted whole
    assert locker.quote.endswith("累计不超过3元；")
    # half a day over with a daily rate and no rule for parts: not guessed
    assert accrued("大件放了5天半，仓储费多少？", [BULKY]) is None
    assert accrued("大件放了2天，要交多少钱？", [BULKY]).total == 0
    assert accrued("退回快件超过7天没人要怎么收费？", [BULKY]) is None  # a threshold, and no sum asked


def test_english_rules_and_questions():
    got = accrued("My parcel was held 30 days, how much is the fee?", [ENGLISH])
    assert got.total == 50 and got.capped
    assert accrued_text("My parcel was held 30 days, how much is the fee?", got)[0] == (
        "Computed from the cited rule: 30 days − 7 days free = 23 days; 23 × 5 = 115 → 50 yuan, capped at the cited 50 yuan.")


def test_only_a_question_for_money_with_one_length_of_time():
    assert asked_hours("快递柜放了40个小时，多少钱？") == Decimal(40)
    assert asked_hours("大件还能放多少天？") is None  # not money
    assert asked_hours("放了3天又过了2天，费用多少？") is None  # two lengths of time
    assert asked_hours("放了5个工作日，费用多少？") is None  # which days count is not said
    assert accrued("放了5天，费用多少？", ["第八条 快件保管期为7日。"]) is None  # no rate


RULES = ["第一条 到付件在网点免费存放48小时；超过48小时的，每票每日收取保管费2元，累计不超过20元。",
         "第二条 冷藏柜寄存的生鲜件，3天内免费；超过3天的，每公斤每日收取保管费0.5元。",
         "第三条 企业客户仓库存货，免费仓储7日；超过7日的，每立方米每日收取仓储费10元。",
         "第四条 超过30日仍未提走的存货，自第31日起每立方米每日收取仓储费15元。",
         "第五条 车站行李寄存：免费寄存2小时，之后每小时收费3元，另收取一次性手续费5元。"]


def test_the_rule_the_question_is_about_and_what_its_rate_is_per():
    assert accrued("到付件在网点放了5天，保管费多少？", RULES).total == 6  # 3 days past 48 hours, 2 each
    assert accrued("3件大件在网点放了5天，仓储费一共要多少？", [BULKY]).total == 120  # per item
    assert accrued("冷藏柜寄存了10公斤生鲜件，放了5天，保管费多少？", RULES).total == 10  # per kg
    assert accrued("企业仓库存了2立方米货，放了10天，仓储费多少？", RULES).total == 60  # per cubic metre
    assert accrued("冷藏柜寄存的生鲜件放了5天，保管费多少？", RULES) is None  # per kg, no weight given


def test_no_sum_where_the_rule_charges_more_than_its_rate_or_the_question_gives_no_time_kept():
    assert accrued("企业仓库存了2立方米货，放了40天，仓储费多少？", RULES) is None  # a second rate from day 31
    assert accrued("车站寄存行李5个小时，要多少钱？", RULES) is None  # a one-off fee besides, and the best rule
    assert accrued("大件10月1日转入网点仓库，仓储费要交多少？", [BULKY]) is None  # a date, not 1 day
    assert accrued("大件免费保管3日后，每天多少钱？", [BULKY]) is None  # the free period, a rate asked
    assert accrued("大件在网点放了5天，仓储费每天多少？", [BULKY]) is None  # the daily rate asked, not the sum
    assert accrued("大件超出免费期2天了，仓储费多少？", [BULKY]) is None  # past a threshold


def test_rates_per_measure_in_either_order_and_language_a_cap_per_item_and_two_rates_left_alone():
    assert accrued("Cold-room goods of 10 kg were kept for 5 days. How much is the fee?",
                   ["Cold-room goods are held free for 3 days, then CNY 0.5 per day per kg."]).total == 10
    assert accrued("3 oversized items were kept for 5 days. How much is the fee?",
                   ["Oversized items are held free for 2 days, then CNY 4 per day per item."]).total == 36
    assert accrued("2件包裹在网点放了5天，保管费多少？", ["包裹在網點免費保管3日；超過3日的，每日每件收取保管費2元。"]).total == 8
    pallets = ["托盘货物免费存放3日；超过3日的，每件每日收取10元，每件累计不超过50元。"]
    assert accrued("3件托盘货物放了20天，仓储费多少？", pallets).total == 150  # 50 each
    two = ["貨物免費存放3天；超過3天的，普通貨物每日收取1元，冷凍貨物每日收取5元。"]
    assert accrued("冷凍貨物在倉庫放了5天，保管费多少？", two) is None  # which rate: not computed
    # the rule's subject is what comes before its rate: 驿站 named after it is where a parcel goes next
    locker = [LOCKER.replace("派送员应当取出快件。", "派送员应当取出快件，转投驿站。")]
    assert accrued("普通快件在驿站放了10天，要交多少保管费？", locker, subject=True) is None


def test_a_daily_cap_is_no_cap_on_the_sum():
    locker = ["Lockers are free for the first 24 hours, then CNY 10 per hour, up to a maximum of CNY 60 per calendar day."]
    assert accrued("A parcel sat in a locker for 30 hours. How much is the fee?", locker) is None
