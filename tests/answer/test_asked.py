import pytest

from luodi.answer.asked import fits_asked, spans_if_asked


@pytest.mark.parametrize(("sentence", "span"), [
    ("跨省件48小時內送達。", True),
    ("Parcels to Japan take 3 to 5 business days.", True),
    ("智能快件箱免费保管24小时。", True),
    ("冷鏈生鮮件每日截單時間為16:00，週六為12:00。", False),  # clock times, no span
    ("2026年2月9日至2月14日，跨省件截单时间提前。", False),  # dates: 14日 is a day, 2026年 a year
    ("2026年春节将至。", False),
    ("通常五个工作日送达。", True),  # the review's: counted days, Chinese numerals, 多
    ("3-5个工作日送达", True),
    ("退款在7个自然日内到账。", True),
    ("约2个多小时。", True),
    ("2 to 3 business days", True),
    ("2月9日至14日暂停收寄。", False),
    ("2026-2027年度的规定。", False),
    ("第3日起收费。", False),  # an ordinal day
    ("第十三日起收费。", False),
    ("保管期可延长至15日。", True),  # the second review's: a span after 至
    ("时效缩短到2个工作日。", True),
    ("保管期为3个多月。", True),
    ("2月9日-14日暂停收寄。", False),
])
def test_a_how_long_question_is_answered_by_a_span_of_time(sentence, span):
    assert fits_asked("跨省冷链件多久送到？", sentence) is span
    assert spans_if_asked("跨省冷链件多久送到？", sentence) is span
    assert spans_if_asked("跨省冷链件运费多少？", sentence)  # other questions: any sentence


def test_a_when_question_is_answered_by_a_day_of_the_month():
    assert fits_asked("月结客户什么时候结算运费？", "每月5日前结清上月运费。")
    assert fits_asked("When is the office open?", "It opens at 9:00.")
    assert not fits_asked("When is the office open?", "It has 40 staff.")
    for no_date in ("请使用第5号纸箱包装。", "依据国办发〔2019〕5号文件。", "网点位于3号楼一层。"):
        assert not fits_asked("什么时候发货？", no_date)


@pytest.mark.parametrize("question, sentence, fits", [
    ("寄到美国的包裹单件最重多少公斤？", "2.2 Zone B covers the United States. Estimated transit time: 5 to 8 business days.", False),
    ("寄到美国的包裹单件最重多少公斤？", "3.7 A single piece may weigh at most 30 kg.", True),
    ("单件最重多少千克", "实际重量不超过50公斤", True),
    ("液体最多能寄多少毫升？", "Non-flammable liquids in containers of at most 100 ml each", True),
    ("液体最多能寄多少毫升？", "每票合计不超过500毫升", True),
    ("液体最多能寄多少毫升？", "每票不超过2件", False),
    ("最长边最多多少厘米？", "最长边不超过150厘米", True),
    ("最长边最多多少厘米？", "不超过1.5米", False),
    ("一次最多寄多少克？", "5 grams", True),
    ("一次最多寄多少克？", "500公斤", False),
    ("离网点多少公里算偏远？", "30 kilometres", True),
    ("多少公斤", "30 kilometres", False),
])
def test_a_measure_asked_in_its_unit_is_answered_in_that_unit(question, sentence, fits):
    assert fits_asked(question, sentence) is fits
