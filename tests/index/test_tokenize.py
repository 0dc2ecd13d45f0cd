import pytest

from luodi.index.tokenize import char_bigrams, index_text, stem, tokenize
from luodi.types import Chunk


@pytest.mark.parametrize(
    "text",
    ["第二十条", "第20条", "第 20 條", "Article 20", "article 20", "第２０条", "Art. 20", "第廿条"],
)
def test_article_references_share_one_token(text):
    assert tokenize(text) == ["第20条"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依照本法第二十条规定", ["依照", "本法", "第20条", "规定"]),
        ("第一百零五条之一", ["第105条之1"]),
        ("第105条之1", ["第105条之1"]),
        ("依照第五条之规定", ["第5条", "规定"]),
        ("第三章 法律责任", ["第3章", "法律", "责任"]),
        ("SF1234567890", ["sf1234567890"]),
        ("单号SF1234567890", ["sf1234567890"]),
        ("文件编号：KM-CG-2025-03", ["文件", "编号", "km-cg-2025-03", "cg-2025-03"]),  # not km + cg-2025-03
        ("KM_CG_x1", ["km_cg_x1", "cg_x1"]),  # its tails that open with a word (not x1)
        ("2026-11-30", ["2026-11-30"]),
        ("2026年11月30日", ["2026-11-30"]),
        ("2026/1/5", ["2026-01-05"]),
        ("2026年3月1日起施行", ["2026-03-01", "2026-03", "03-01", "2026", "施行"]),
        ("二〇二六年三月一日", ["2026-03-01", "03-01"]),
        ("3月1日起", ["03-01"]),
        ("三月一日", ["03-01"]),
        ("2026年3月", ["2026-03", "2026"]),
        ("十月一日", ["10-01"]),
        ("重3.5公斤", ["重", "3.5", "公斤"]),
        ("金额1,200.50元", ["金额", "1200.50", "元"]),
        ("15:00送达", ["15:00", "送达"]),
        ("ＡＢ-12345", ["ab-12345"]),
        ("Parcels were LOST", ["parcel", "lost"]),
        ("The courier loses parcels", ["courier", "lose", "parcel"]),
        ("快遞公司弄丟了我的包裹，怎麼賠償？", ["快递", "公司", "弄", "丢", "包裹", "赔偿"]),
        ("！？。，、", []),
        ("", []),
    ],
)
def test_tokenize_table(text, expected):
    toks = tokenize(text)
    for tok in expected:
        assert tok in toks, (text, tok, toks)
    if not expected:
        assert toks == []


def test_pasted_text_meets_typed_text():
    # invisible characters from web pages and chat apps, dashes from word processors
    assert tokenize("迟\u200b到") == tokenize("迟到") == tokenize("迟\ufeff到")
    assert tokenize("AB–2025–03") == tokenize("AB-2025-03")


def test_a_code_meets_its_forms_without_separators():
    def shared(a, b):
        return set(tokenize(a)) & set(tokenize(b))

    assert shared("AB2025-03", "AB-2025-03") and shared("WH-12345678", "WH12345678")
    assert shared("CG2025-03", "KM-CG-2025-03")
    assert not shared("AB-2025-04", "AB-2025-03")


def test_an_amount_in_numerals_keeps_its_unit_alone():
    # 九十天 is one jieba word: without 天 beside 90, the question's 90天 meets 10天 better
    assert {"90", "天"} <= set(tokenize("每九十天更换一次")) and "元" in tokenize("罚款三百元")


def test_traditional_and_simplified_fold_to_the_same_tokens():
    assert tokenize("個人資訊保護法規定") == tokenize("个人资讯保护法规定")


def test_stopwords_and_punctuation_dropped():
    toks = tokenize("请问，快递的赔偿是什么？")
    assert "的" not in toks and "什么" not in toks and "，" not in toks
    assert "赔偿" in toks


def test_search_mode_keeps_long_word_and_parts():
    toks = tokenize("中华人民共和国")
    assert "中华人民共和国" in toks and "共和国" in toks


def test_char_bigrams_are_marked():
    assert char_bigrams("快遞公司") == ["~快递", "~递公", "~公司"]


def test_index_text_puts_section_first():
    ch = Chunk(text="正文", section="法 > 第一条", start=0, end=2)
    assert index_text(ch) == "法 > 第一条\n正文"
    assert index_text(Chunk(text="正文", section="", start=0, end=2)) == "正文"


@pytest.mark.parametrize(("question", "passage"), [
    ("3月1日起有什么变化？", "本规则自2026年3月1日起施行。"),
    ("三月一日以后怎么收费", "2026-03-01起运费上调。"),
    ("2026年3月的安排", "2026年3月15日暂停收寄。"),
    ("第二十一条之一", "第21条之1 冷链快件应当……"),
])
def test_partial_and_written_out_dates_meet_their_full_forms(question, passage):
    assert set(tokenize(question, bigrams=False)) & set(tokenize(passage, bigrams=False))


@pytest.mark.parametrize(("question", "passage", "value"), [
    ("罚款5000元的情形", "处五千元以上五万元以下的罚款", "5000"),
    ("最高罚五万吗", "处5万元以下的罚款", "50000"),
    ("二十万元以上", "罚款20万元", "200000"),
    ("2.5万元够吗", "赔偿二万五千元", "25000"),
    ("30日内要办什么", "应当在三十日内办理", "30"),
    ("3个月内", "三个月内补办", "3"),
    ("5%的滞纳金", "按百分之五加收滞纳金", "5"),
    ("3到5天能到吗", "三至五日送达", "5"),
    ("保价费是0.5%吗", "按声明价值的百分之零点五收取", "0.5"),
    ("3.5公斤算几公斤", "不足三点五公斤的", "3.5"),
])
def test_amounts_in_chinese_numerals_meet_their_digits(question, passage, value):
    assert value in set(tokenize(question, bigrams=False)) & set(tokenize(passage, bigrams=False))


@pytest.mark.parametrize("text", ["一般情况下统一处理", "万一丢了", "十分重要", "一次寄多件"])
def test_words_that_hold_a_numeral_are_no_amount(text):
    assert not any(t.isdigit() for t in tokenize(text, bigrams=False))


def test_a_decimal_is_read_whole_not_as_its_last_digit():
    assert "5" not in tokenize("三点五公斤", bigrams=False)  # once read as 五公斤
    assert "3" in tokenize("重点三年", bigrams=False)  # 点 ends a word here, not a numeral
    assert "30" in tokenize("卅日内", bigrams=False) and "20" in tokenize("廿日", bigrams=False)


def test_a_numbered_sub_article_is_not_its_parent():
    assert "第21条" not in tokenize("第二十一条之一") and "第21条之1" not in tokenize("第二十一条")


@pytest.mark.parametrize("forms", [
    ("delivery", "deliveries", "delivered", "delivering", "deliver"),
    ("recovery", "recovered"),
    ("machinery", "machines"),
    ("city", "cities"),
    ("policy", "policies"),
    ("weigh", "weighs", "weighed", "weight", "weights"),
])
def test_a_noun_meets_its_verb(forms):  # -ery nouns, weigh and weight
    assert len({stem(w) for w in forms}) == 1
    assert set(tokenize("Delivery times")) & set(tokenize("when is it delivered?"))


@pytest.mark.parametrize("a, b", [("policy", "police"), ("factory", "factor"),
                                  ("directory", "director"), ("inventory", "inventor"),
                                  ("courtesy", "court"), ("comedy", "come"),
                                  ("laboratory", "labor"), ("confidential", "confident"),
                                  ("stationery", "station"), ("adultery", "adult")])
def test_the_ery_rule_does_not_merge_unrelated_words(a, b):
    assert stem(a) != stem(b)


def test_each_thread_has_its_own_stemmer():  # PyStemmer's objects are not thread-safe
    from concurrent.futures import ThreadPoolExecutor

    from luodi.index.tokenize import _stemmer

    with ThreadPoolExecutor(2) as pool:
        other = pool.submit(_stemmer).result()
    assert other is not _stemmer() and other.stemWord("delivered") == "deliv"
