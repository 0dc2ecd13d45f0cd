"""PII detection: generated cases from the public validity rules, look-alikes that must survive.

The generator (`make_cases`) is also used by bench/pii.py, so the benchmark measures what is tested.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pytest

from luodi.clean.pii import apply_pii, find_pii
from luodi.clean.pii_checks import cn_id_check_digit, luhn_valid, tw_id_valid
from luodi.clean.vault import KEY_ENV, reveal
from luodi.errors import ConfigError

SEED = 20261130

# Real county-level region codes (GB/T 2260), a spread over provinces.
REGIONS = (
    "110101 110105 120101 130102 140105 150102 210102 220102 230103 310104 310115 320106 "
    "330106 330108 340104 350203 360103 370102 410105 420106 430104 440106 440305 450103 "
    "460106 500103 510107 520102 530102 540102 610113 620102 630102 640104 650102 820000"
).split()
# (issuer prefix, length) pairs of real schemes: UnionPay banks, Visa, Mastercard, Amex, JCB.
CARD_PREFIXES = tuple(
    (p.split(":")[0], int(p.split(":")[1]))
    for p in (
        "622202:19 622848:19 621700:19 621661:19 622588:16 625807:16 623668:19 4:16 427020:16 "
        "4:19 51:16 53:16 55:16 2221:16 2720:16 34:15 37:15 3528:16"
    ).split()
)
MOBILE_SEGMENTS = (
    "130 131 132 133 135 136 137 138 139 145 147 150 151 152 153 155 156 157 158 159 "
    "166 170 173 175 176 177 178 180 181 182 183 185 186 187 188 189 191 195 198 199"
).split()
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit to `body`."""
    for d in "0123456789":
        if luhn_valid(body + d):
            return body + d
    raise AssertionError("unreachable")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def gen_cn_id(rng: random.Random, valid: bool = True) -> str:
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 26000))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + _digits(rng, 3)
    check = cn_id_check_digit(body)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    value = body + check
    if valid and rng.random() < 0.15:
        value = f"{value[:6]} {value[6:14]} {value[14:]}"
    return value


def gen_card(rng: random.Random, valid: bool = True) -> str:
    prefix, length = rng.choice(CARD_PREFIXES)
    number = luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    if not valid:
        last = int(number[-1])
        number = number[:-1] + str((last + rng.randint(1, 9)) % 10)
    style = rng.randrange(3)
    if style == 0:
        return number
    sep = " " if style == 1 else "-"
    if length == 15:
        return sep.join((number[:4], number[4:10], number[10:]))
    return sep.join(number[i : i + 4] for i in range(0, length, 4))


def gen_mobile(rng: random.Random) -> str:
    n = rng.choice(MOBILE_SEGMENTS) + _digits(rng, 8)
    forms = (
        n,
        f"{n[:3]}-{n[3:7]}-{n[7:]}",
        f"{n[:3]} {n[3:7]} {n[7:]}",
        f"+86 {n}",
        f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
        f"+86 {n[:3]} {n[3:7]} {n[7:]}",
        f"0086 {n}",
        f"(+86){n}",
        f"+86{n}",
        n.translate(FULLWIDTH),
        f"+886 9{_digits(rng, 2)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
        f"+852 {rng.choice('569')}{_digits(rng, 3)} {_digits(rng, 4)}",
    )
    return rng.choice(forms)


def gen_landline(rng: random.Random) -> str:
    area = rng.choice(("010", "021", "020", "0755", "0571", "028", "0851"))
    local = rng.choice("2345678") + _digits(rng, 7 if len(area) == 3 else rng.choice((6, 7)))
    forms = (
        f"{area}-{local}",
        f"({area}) {local[:-4]} {local[-4:]}",
        f"{area}-{local[:-4]} {local[-4:]} ext 8{_digits(rng, 2)}",
        f"{area}-{local}转{_digits(rng, 3)}",
        f"+86 {area[1:]} {local[:-4]} {local[-4:]}",
        f"(02){rng.choice('2345678')}{_digits(rng, 3)}-{_digits(rng, 4)}",
        f"+852 {rng.choice('23')}{_digits(rng, 3)} {_digits(rng, 4)}",
    )
    return rng.choice(forms)


def gen_tw_id(rng: random.Random, valid: bool = True) -> str:
    letter = rng.choice("ABCDEFGHJKLMNPQRSTUVXYWZIO")
    body = letter + rng.choice("12") + _digits(rng, 7)
    good = next(body + d for d in "0123456789" if tw_id_valid(body + d))
    if valid:
        return good
    return body + str((int(good[-1]) + rng.randint(1, 9)) % 10)


def gen_email(rng: random.Random) -> str:
    names = ("zhang.wei", "li_na", "wang.fang88", "chen+orders", "liu.yang", "kefu", "j.smith")
    domains = ("example.com", "qq.com", "163.com", "mail.example.org.cn", "corp.example.hk")
    return f"{rng.choice(names)}{rng.randint(1, 999)}@{rng.choice(domains)}"


def gen_lookalikes(rng: random.Random) -> list[tuple[str, str]]:
    """(context phrase, look-alike value) pairs that must come through byte-identical."""
    luhn62 = luhn_complete("62" + _digits(rng, 13))  # passes Luhn with a UnionPay prefix
    luhn4 = luhn_complete("4" + _digits(rng, 15))
    day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return [
        ("顺丰运单号 ", "SF" + _digits(rng, 13)),
        ("圆通单号", "YT" + _digits(rng, 13)),
        ("京东快递单号：", "JDV0" + _digits(rng, 11)),
        ("极兔运单", "JT" + _digits(rng, 13)),
        ("中通运单号 ", "78" + _digits(rng, 13)),
        ("tracking number ", "ZTO" + _digits(rng, 12)),
        ("运单号 ", luhn62),
        ("单号", luhn4),
        ("order ", luhn_complete("5" + rng.choice("12345") + _digits(rng, 13))),
        ("订单号 ", "DD" + day.strftime("%Y%m%d") + _digits(rng, 6)),
        ("Order ", f"ORD-{day.year}-{rng.randint(1, 9999):04d}"),
        ("订单号 ", day.strftime("%Y%m%d") + _digits(rng, 8)),
        ("金额", f"¥{rng.randint(1, 99)},{_digits(rng, 3)}.{_digits(rng, 2)}"),
        ("共", f"{rng.randint(1000, 99999)}元"),
        ("约", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}萬"),
        ("日期", day.isoformat()),
        ("于", day.strftime("%Y%m%d")),
        ("截至", f"{day.year}年{day.month}月{day.day}日"),
        ("时间", f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"),
        ("依据", rng.choice(("第二十条", "第20条", "第一百零三条", "第7条第2款"))),
        ("增长", f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%"),
        ("ISBN ", f"978-7-{rng.randint(100, 999)}-{_digits(rng, 5)}-{rng.randint(0, 9)}"),
        ("版本 ", f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"),
        ("证件号 ", gen_cn_id(rng, valid=False)),  # wrong check digit: not an ID, left alone
        ("卡号 ", gen_card(rng, valid=False)),  # fails Luhn: not a card, left alone
        ("居留证 ", gen_tw_id(rng, valid=False)),  # wrong checksum
    ]


@dataclass
class Case:
    text: str
    pii: list[tuple[str, str]]  # (kind, exact value)
    keep: list[str] = field(default_factory=list)


PII_TEMPLATES = {
    "cn_id": ("身份证号：{v}", "ID card {v}", "公民身份号码{v}"),
    "bank_card": ("退款请打到银行卡 {v}", "卡号{v}", "card number: {v}"),
    "mobile": ("手机 {v}", "请致电{v}", "call me on {v}", "收件人电话：{v}"),
    "landline": ("座机 {v}", "收件人电话{v}", "tel: {v}"),  # 客服电话 is the company's line
    "tw_id": ("居留證號 {v}", "身分證字號：{v}", "ID {v}"),
    "email": ("邮箱 {v}", "请发邮件到{v}", "e-mail: {v}"),
}
GENERATORS = {
    "cn_id": gen_cn_id,
    "bank_card": gen_card,
    "mobile": gen_mobile,
    "landline": gen_landline,
    "tw_id": gen_tw_id,
    "email": gen_email,
}


def make_cases(seed: int = SEED, per_kind: int = 50) -> list[Case]:
    """Sentences each holding one PII value and two look-alikes, deterministic for `seed`."""
    rng = random.Random(seed)
    cases = []
    for kind, gen in GENERATORS.items():
        for _ in range(per_kind):
            value = gen(rng)
            pii_part = rng.choice(PII_TEMPLATES[kind]).format(v=value)
            looks = rng.sample(gen_lookalikes(rng), 2)
            parts = [pii_part] + [ctx + val for ctx, val in looks]
            rng.shuffle(parts)
            joiner = rng.choice(("，", "；", "。", ", "))
            text = "客户留言：" + joiner.join(parts) + "。"
            cases.append(Case(text, [(kind, value)], [val for _, val in looks]))
    return cases


CASES = make_cases()


def test_generated_set_is_large_enough():
    assert len(CASES) >= 200
    assert {kind for c in CASES for kind, _ in c.pii} == set(GENERATORS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.pii[0][0])
def test_generated_recall_and_no_damage(case: Case):
    masked, findings, vault = apply_pii(case.text)
    assert vault == []
    got = [(f.kind, f.value) for f in findings]
    assert got == case.pii, case.text
    for look in case.keep:
        assert look in masked, f"{look!r} was damaged in {masked!r}"
    for f in findings:
        assert case.text[f.start : f.end] == f.value


FIXED = [
    # (text, expected [(kind, value)])
    ("身份证号11010519491231002X，请核对", [("cn_id", "11010519491231002X")]),
    ("身份证号11010519491231002x。", [("cn_id", "11010519491231002x")]),
    ("身份证 110105491231002", [("cn_id", "110105491231002")]),  # legacy 15-digit with keyword
    ("编号 110105491231002", []),  # 15 digits without an ID keyword: no check digit, kept
    ("身份证号110105194912310021", []),  # wrong check digit
    ("身份证号110105194902300028", []),  # 30 February
    ("Taiwan ID A123456789.", [("tw_id", "A123456789")]),
    ("居留證號 A823456783", [("tw_id", "A823456783")]),
    ("Taiwan ID A123456788.", []),
    ("卡号 4111 1111 1111 1111", [("bank_card", "4111 1111 1111 1111")]),
    ("Amex 3782 822463 10005", [("bank_card", "3782 822463 10005")]),
    ("运单号 4111111111111111", []),
    ("4111111111111111（运单号）", []),
    ("運單號 4111111111111111", []),
    ("韵达 4312345678903", []),  # 13-digit 4... is a waybill shape, not a card
    ("顺丰快递 4111111111111111 已签收", []),  # a courier name before a long number: waybill
    ("顺丰快递员 13812345678", [("mobile", "13812345678")]),  # ...but not before a phone
    ("快递员电话 0755-86013388", [("landline", "0755-86013388")]),
    ("信用代码 91350100M000100Y43", []),
    ("order 4111111111111111", []),
    ("卡号 4111111111111112", []),
    ("条码 6901234567892", []),  # EAN-13 barcode, passes no issuer rule
    ("手机：138-1234-5678", [("mobile", "138-1234-5678")]),
    ("tel +86 (0)21 6123 4567", [("landline", "+86 (0)21 6123 4567")]),
    ("电话 +86 21 6123 4567", [("landline", "+86 21 6123 4567")]),
    ("座机(0755) 1234 5678", [("landline", "(0755) 1234 5678")]),
    ("总机 0571-8888 6666 ext 123 找我", [("landline", "0571-8888 6666 ext 123")]),
    ("台北 (02)2345-6789", [("landline", "(02)2345-6789")]),
    ("台北 0912-345-678", []),  # Taiwan mobile only with +886
    ("香港 9123 4567", []),  # HK 8 digits only with +852
    ("订单号13812345678", []),  # a waybill/order context wins
    ("13812345678是订单联系人", [("mobile", "13812345678")]),
    ("电话13812345678/13912345678", [("mobile", "13812345678"), ("mobile", "13912345678")]),
    ("13812345678@163.com", [("email", "13812345678@163.com")]),
    ("客服热线 400-820-8820", []),  # service number, not personal
    ("金额 ¥13,812,345,678.00 元", []),
    ("SF1381234567890 JDV013812345678 ORD-13812345678", []),
    ("v13.8.1234 和 1.13812345678", []),
    ("第13812345678号文件", [("mobile", "13812345678")]),  # ambiguous; treated as a phone
]


@pytest.mark.parametrize(("text", "expected"), FIXED)
def test_fixed_table(text: str, expected: list[tuple[str, str]]):
    assert [(f.kind, f.value) for f in find_pii(text)] == expected


def test_checksums():
    assert cn_id_check_digit("11010519491231002") == "X"
    assert tw_id_valid("A123456789") and not tw_id_valid("A123456780")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


def test_mask_placeholders_and_keep():
    text = "张三 13812345678 zhang@example.com 身份证11010519491231002X"
    masked, findings, _ = apply_pii(text)
    assert masked == "张三 [手机号] [邮箱] 身份证[身份证号]"
    kept, findings2, vault = apply_pii(text, policy="keep")
    assert kept == text and vault == [] and len(findings2) == 3


def test_unknown_policy():
    with pytest.raises(ConfigError, match="policy"):
        apply_pii("x", policy="shred")


@pytest.fixture
def key() -> bytes:
    from cryptography.fernet import Fernet

    return Fernet.generate_key()


def test_reversible_round_trip(key: bytes):
    text = CASES[0].text + " 再次：" + CASES[0].pii[0][1] + " 以及 " + CASES[-1].text
    out, findings, vault = apply_pii(text, policy="reversible", key=key)
    assert all(f.value not in out for f in findings)
    assert len(vault) == len({(f.kind, f.value) for f in findings})  # one entry per value
    assert all(token.startswith("[") and "#" in token for token, _, _ in vault)
    assert reveal(out, vault, key=key) == text


def test_reversible_key_from_environment(key: bytes, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(KEY_ENV, key.decode())
    out, _, vault = apply_pii("手机13812345678", policy="reversible")
    assert out.startswith("手机[手机号#")
    assert reveal(out, vault) == "手机13812345678"


def test_missing_key_tells_how_to_create_one(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    with pytest.raises(ConfigError, match="Fernet.generate_key"):
        apply_pii("手机13812345678", policy="reversible")


def test_wrong_key_is_an_error_not_garbage(key: bytes):
    from cryptography.fernet import Fernet

    out, _, vault = apply_pii("手机13812345678", policy="reversible", key=key)
    with pytest.raises(ConfigError, match="key"):
        reveal(out, vault, key=Fernet.generate_key())
    with pytest.raises(ConfigError, match="Fernet"):
        reveal(out, vault, key=b"not-a-key")


def test_swapped_vault_rows_are_detected(key: bytes):
    out, _, vault = apply_pii("13812345678 和 13912345678", policy="reversible", key=key)
    (t1, k1, s1), (t2, k2, s2) = vault
    with pytest.raises(ConfigError, match="corrupted"):
        reveal(out, [(t1, k1, s2), (t2, k2, s1)], key=key)


@pytest.mark.data
def test_cluener_sentences_have_almost_no_findings(shared_data):
    """CLUENER's 10,748 sentences hold a dozen real phone and card numbers and nothing else."""
    import json

    lines = (shared_data / "cluener" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    findings = [f for line in lines for f in find_pii(json.loads(line)["text"])]
    assert len(findings) <= 15, findings
    assert {f.kind for f in findings} <= {"mobile", "bank_card"}, findings


def test_role_mailboxes_of_an_organisation_are_not_personal():
    from luodi.clean.pii import find_pii

    text = "理赔请发邮件至 claims@feige-express.example，个人联系人 zhang.wei88@example.com。"
    found = find_pii(text)
    assert [f.value for f in found] == ["zhang.wei88@example.com"]


@pytest.mark.parametrize(("text", "masked"), [
    ("北京网点服务电话010-61234567，营业时间8:00-18:00。", []),
    ("客服热线：(021) 6234 5678", []),
    ("Hotline: 0755-8888 6666", []),
    ("收件人张三电话010-61234567", ["010-61234567"]),  # a person's line stays masked
    ("服务电话13812345678（快递员李四）", ["13812345678"]),  # a mobile is someone's own
    ("经客服电话回访，客户座机010-61234567。", ["010-61234567"]),  # the label must introduce the number
    ("投诉热线记录：投诉人家中010-61234567。", ["010-61234567"]),
])
def test_an_organisations_published_landline_is_not_personal(text, masked):
    assert [f.value for f in find_pii(text)] == masked
