import pytest

from luodi.answer.asked import fits_asked, spans_if_asked


@pytest.mark.parametrize(("sentence", "span"), [
    ("跨省件48小時內送達。", True),
    ("Parcels to Japan take 3 to 5 business days.", True),
    ("智能快件箱免费保管24小时。", True),
    ("冷鏈生鮮件每日截單時間為16:00，週六為12:00。", False),  # clock times, no span
    ("2026年2月9日至2月14日，跨省件截单时间提前。", False),  # dates: 14日 is a day, 2026年 a year
    ("2026年春节将至。", False),
])
def test_a_how_long_question_is_answered_by_a_span_of_time(sentence, span):
    assert fits_asked("跨省冷链件多久送到？", sentence) is span
    assert spans_if_asked("跨省冷链件多久送到？", sentence) is span
    assert spans_if_asked("跨省冷链件运费多少？", sentence)  # other questions: any sentence
