import pytest

from luodi.answer.mixed import combine

INSURANCE = ["例如，声明价值1000元的快件，保价费为5元；", "保价费按声明价值的0.5%收取，每票最低2元；"]
CAPPED = ["大件保价费按货物声明价值的1%收取，单票最高300元。"]
SURCHARGE = ["每件超过20公斤的快件加收8元。"]


@pytest.mark.parametrize(("question", "evidence", "atom", "detail"), [
    ("声明价值2000元的快件，保价费是多少？", INSURANCE, "10 元", "2000 × 0.5% = 10"),
    ("聲明價值2000元的快件，保價費是多少？", INSURANCE, "10 元", "2000 × 0.5% = 10"),
    ("What is the insurance fee for a parcel declared at 2000 yuan?", INSURANCE, "10 元",
     "2000 × 0.5% = 10"),
    ("声明价值200元，保价费要多少钱？", INSURANCE, "2 元", "200 × 0.5% = 1 → 2"),  # the floor
    ("货值五万元的大件，保价费多少？", CAPPED, "300 元", "50000 × 1% = 500 → 300"),  # the cap
    ("超重件寄三件一共多少钱？", SURCHARGE, "24 元", "8 × 3 = 24"),
])
def test_a_cited_rate_is_applied_exactly(question, evidence, atom, detail):
    got = combine(question, evidence)
    assert got is not None and got.atom == atom and got.detail == detail


@pytest.mark.parametrize(("question", "evidence"), [
    ("保价费是多少？", INSURANCE),  # no amount to apply the rate to
    ("货值5000元，保价费多少？", ["保价费按声明价值的1%收取，另收手续费5元。"]),  # a second fee
    ("货值5000元，保价费多少？", ["保价费按声明价值的1%或2%收取。"]),  # which rate?
    ("寄3件保价件，费用一共多少？", INSURANCE),  # "每票最低2元" is a floor, not a price per item
    ("声明价值2000元的快件丢了赔多少？", INSURANCE),  # not a fee question
])
def test_nothing_is_computed_when_the_question_or_evidence_does_not_fit(question, evidence):
    assert combine(question, evidence) is None


INSURANCE_EN = ("3.6 Insurance costs 1% of the declared value, with a minimum of CNY 20 per shipment. "
                "The maximum insurable value is CNY 20,000 per shipment.")


def test_an_english_percentage_fee_with_its_minimum():
    got = combine("How much does insurance cost for a parcel declared at CNY 1,000?", [INSURANCE_EN])
    assert got.atom == "20 元" and got.detail == "1000 × 1% = 10 → 20"  # the cited minimum
    # a Chinese question over the English rule (the value's cap is another sentence, no bound of the fee)
    assert combine("国际件声明价值3000元，保价费多少？", [INSURANCE_EN]).atom == "30 元"


def test_a_share_of_the_freight_is_not_applied_to_an_amount_asked():
    fuel = "3.3 A fuel surcharge of 12% of the freight is added to every international shipment."
    assert combine("How much does it cost to send a parcel worth CNY 3,000 to Zone B?", [fuel]) is None
    assert combine("声明价值2000元的快件加急费多少？", ["加急服务在标准运费基础上加收50%的加急费。"]) is None


RULES = ["代收货款手续费按代收金额的1%收取，最低3元；单笔代收货款最高5000元。", "签回单服务每票收费3元。",
         "保价费按声明价值的0.5%收取，每票最低2元；声明价值最高为30000元。"]


@pytest.mark.parametrize("question", [
    "订单商品金额两千元，运费多少？",  # asks a freight: no cited percentage is one
    "运费100元的快件签回单，一共多少？",  # the amount is a freight: no fee here is charged on it
    "一票快件运费50元，保价费多少？",  # insurance is charged on the declared value, not the freight
    "商品金额2000元，包装费多少？",  # a fee no cited rule charges as a percentage
])
def test_another_fees_rate_is_not_applied(question):
    assert combine(question, RULES) is None


def test_the_asked_fee_is_the_one_computed():
    assert combine("声明价值2000元，保价费多少？", RULES).detail == "2000 × 0.5% = 10"
    assert combine("代收货款3000元，手续费多少？", RULES).detail == "3000 × 1% = 30"


@pytest.mark.parametrize(("question", "detail"), [
    ("声明价值40000元，保价费多少？", "40000 > 30000"),
    ("代收货款8000元，手续费多少？", "8000 > 5000"),
])
def test_an_amount_over_what_the_rule_charges_on_gets_no_fee(question, detail):
    got = combine(question, RULES)
    assert got.detail == detail and "超出上限" in got.text


def test_a_cap_written_before_what_it_caps():
    english = combine("How much is insurance for a parcel declared at CNY 30,000?", [INSURANCE_EN])
    assert english.detail == "30000 > 20000" and "at most 20000 yuan" in english.text
    assert combine("How much is insurance for a parcel declared at CNY 5,000?", [INSURANCE_EN]).atom == "50 元"
    rule = ["保价费按声明价值的1%收取，最高声明价值为2万元。"]
    assert combine("声明价值3万元，保价费多少？", rule).detail == "30000 > 20000"
    # a cap of something else (the compensation) caps no declared value: an amount beside the rate
    # that is no bound of it leaves the fee uncomputed, as before
    other = ["保价费按声明价值的1%收取，最高赔偿金额为2万元。"]
    assert combine("声明价值3万元，保价费多少？", other) is None
    # nor a maximum of what is paid out, in English
    payout = ["Insurance costs 1% of the declared value. The maximum compensation for insured parcels is CNY 5,000."]
    assert combine("How much is insurance for a parcel declared at CNY 8,000?", payout).detail == "8000 × 1% = 80"
    # a second cap of the fee is not another amount to refuse over: the first one counts
    caps = ["保价费按声明价值的1%收取，最高200元，封顶300元。"]
    assert combine("声明价值8000元，保价费多少？", caps).detail == "8000 × 1% = 80"


def test_a_bound_in_another_currency_leaves_the_fee_uncomputed():
    rule = ["The handling fee is 4.5% of the cargo value, minimum USD 35."]
    assert combine("What is the handling fee for cargo worth 2000 yuan?", rule) is None


BOXES = ["第五十二条 包装材料收费如下：文件封免费；1号纸箱（53×29×37厘米）8元；2号纸箱（53×23×29厘米）6元；"
         "气泡膜每米1元。"]


@pytest.mark.parametrize(("question", "detail"), [
    ("买3个2号纸箱多少钱？", "6 × 3 = 18"),
    ("買三個2號紙箱要多少錢？", "6 × 3 = 18"),
    ("要两个1号纸箱，多少钱？", "8 × 2 = 16"),
    ("买3个2号纸箱和2个1号纸箱多少钱？", "6 × 3 + 8 × 2 = 34"),  # each item by its own line and count
])
def test_a_counted_item_of_a_price_list_is_priced_by_its_own_line(question, detail):
    got = combine(question, BOXES)
    assert got is not None and got.detail == detail


@pytest.mark.parametrize(("question", "evidence"), [
    ("买3个2号纸箱多少钱？", ["气泡膜每米1元。"]),  # a price per metre is no price of a box
    ("买3个纸箱多少钱？", ["文件封每个2元。"]),  # another item's price
    ("寄一个3公斤的省际件，用3个2号纸箱，一共多少钱？", BOXES),  # a parcel's total: its freight too
    ("寄3公斤的跨省件，用3个2号纸箱，一共多少钱？", BOXES),
    ("买5米气泡膜和2个2号纸箱多少钱？", BOXES),  # the film is priced per metre, not by a list line
    ("寄3件快递，买2个2号纸箱多少钱？", BOXES),  # a count of something else besides
    ("How much is the surcharge for 3 overweight parcels?", ["Each parcel over 20 kg pays CNY 8."]),
])
def test_a_count_is_not_multiplied_by_another_things_price(question, evidence):
    assert combine(question, evidence) is None


@pytest.mark.parametrize(("question", "evidence", "detail"), [
    ("春节期间寄3台电脑，节日服务费一共多少？", ["春节服务期内收寄的每票快件加收节日服务费3元。"], "3 × 3 = 9"),
    ("寄3箱水果，都要签回单，签回单费用多少？", ["签回单服务每票收费3元。"], "3 × 3 = 9"),
    ("3台手提电脑附加费多少？", ["笔记本电脑每台加收20元。"], "20 × 3 = 60"),
    ("寄3件超重包裹多少钱？", ["超过20公斤的快件每件加收8元。"], "8 × 3 = 24"),
])
def test_a_charge_on_any_parcel_or_on_the_thing_counted_is_multiplied(question, evidence, detail):
    got = combine(question, evidence)
    assert got is not None and got.detail == detail



DDP = "寄件人选择税费预付服务的，由本公司先行代垫，并按代垫税额的2%收取服务费，每票最低20元。"
INSURE = "保价费按声明价值的0.5%收取，每票最低2元；单票声明价值最高为30000元。"
MINIBAR = "迷你吧消费加收10%服务费。"
OVERTIME = "加班费按本人小时工资的134%支付。"


@pytest.mark.parametrize(("question", "evidence", "atom"), [
    ("税费预付200元，服务费多少？", DDP, "20 元"), ("保价2000元，保价费多少？", INSURE, "10 元"),
    ("东西就值300块，保价费多少钱？", INSURE, "2 元"), ("一个5000块的手机要保价，保价费多少？", INSURE, "25 元"),
    ("迷你吧消費300元，服務費多少？", MINIBAR, "30 元"),
    ("寄到美国的东西价值2000块，服务费多少？", DDP, None),  # 2% of the duties advanced, not of the goods
    ("代收货款3000元，保价费多少？", INSURE, None), ("房價1000元，服務費多少？", MINIBAR, None),
    ("月薪50000元，加班费多少？", OVERTIME, None),
    ("我時薪300元，加班3小時，加班費多少？", OVERTIME, None),  # times 3 hours: not the percentage's to say
    ("寄3件快件，保价2000元，保价费多少？", INSURE, None),
])
def test_a_percentage_is_applied_only_to_the_amount_it_is_charged_on(question, evidence, atom):
    got = combine(question, [evidence])
    assert (got.atom if got else None) == atom


def test_one_day_in_a_condition_multiplies_nothing():
    rule = "入住前1天取消的，收取房价的50%作为取消费。"
    assert combine("房價1000元，入住前一天取消，取消費多少？", [rule]).atom == "500 元"
