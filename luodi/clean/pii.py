"""Find and mask personal information: ID numbers, phones, bank cards, e-mails.

Every digit-based kind is validated by its public rule (GB 11643 check digit, Taiwan ID checksum,
Luhn plus issuer prefix, numbering plans), so that parcel tracking numbers, order IDs, amounts and
dates pass through untouched. Context words settle the remaining ambiguity: the keyword nearest
before a number wins, and a waybill/order keyword (运单号, 单号, 订单, tracking, order...) always
means "leave it".

Placeholders (policy "mask"): [身份证号] [台湾身份证号] [手机号] [电话] [银行卡号] [邮箱].
Policy "reversible" writes [手机号#1a2b3c4d] (HMAC of the value, so the same value gets the same
token) and returns Fernet-encrypted vault entries that `luodi.clean.vault.reveal` puts back.

Decisions worth knowing:
- A value that fails its checksum (an 18-digit "ID" with the wrong check digit, a card number that
  fails Luhn) is not that kind of number and is left alone.
- 15-digit legacy IDs have no check digit: they are masked only with a valid region and birth date
  AND an ID keyword (身份证, 证件, ID) before them.
- The context window is the same clause (up to 24 characters) before the number; courier names
  (顺丰, 中通, 快递...) there mark a long number (card/ID shape) as a waybill, but not a phone.
- Taiwan mobiles and Hong Kong numbers are recognised only with their +886/+852 prefix; bare
  8-digit numbers are never phones. Service numbers (400/800) are not personal and are kept.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections import deque
from collections.abc import Callable

from luodi.clean.pii_checks import (
    CN_REGIONS,
    cn_id_check_digit,
    luhn_valid,
    tw_id_valid,
    valid_birth_date,
)
from luodi.clean.vault import fernet_for
from luodi.errors import ConfigError
from luodi.types import PiiFinding

KINDS = ("cn_id", "tw_id", "mobile", "landline", "bank_card", "email")
LABELS = {
    "cn_id": "身份证号",
    "tw_id": "台湾身份证号",
    "mobile": "手机号",
    "landline": "电话",
    "bank_card": "银行卡号",
    "email": "邮箱",
}
POLICIES = ("mask", "keep", "reversible")

# Full-width forms (common in Chinese text) fold 1:1 to ASCII so offsets stay valid.
_FOLD = {0xFF10 + i: 0x30 + i for i in range(10)}
_FOLD.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FOLD.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FOLD.update({0xFF0B: ord("+"), 0xFF0D: ord("-"), 0xFF20: ord("@"), 0xFF0E: ord(".")})

# A number glued to letters or to "X-" is part of an identifier (SF123..., ORD-2026-0001);
# one after "1." is the decimal part of something else.
_LB = r"(?<![A-Za-z0-9_])(?<![A-Za-z0-9][-_])(?<![0-9]\.)"
# ...and so is one followed by letters, "-X", a decimal part or a thousands group.
_RB = r"(?![A-Za-z0-9_])(?![-_][A-Za-z0-9])(?!\.\d)(?!,\d{3}(?!\d))"
_CN86 = r"(?:(?:\+|00)86[ -]?|[(（]\+?86[)）][ -]?)"
_EXT = r"(?:[ ]?(?:转|分机|ext\.?|x|-|#)[ ]?\d{1,5})?"
_AREA = r"0(?:10|2\d|[3-9]\d{2})"  # mainland area codes: 010, 02x, 0xxx

_RE_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
_RE_CN_ID = re.compile(
    _LB + r"(?:[1-9]\d{5}(?P<s>[ ]?)(?:18|19|20)\d{6}(?P=s)\d{3}[\dXx]|[1-9]\d{14})" + _RB,
    re.ASCII,
)
_RE_TW_ID = re.compile(_LB + r"[A-Z](?:[1289]|[A-D])\d{8}" + _RB, re.ASCII)
_RE_MOBILE = re.compile(
    _LB
    + r"(?:"
    + _CN86
    + r"?1[3-9]\d[ -]?\d{4}[ -]?\d{4}"
    + r"|(?:\+|00)886[ -]?(?:\(0\)|0)?9\d{2}[ -]?\d{3}[ -]?\d{3}"
    + r"|(?:\+|00)852[ -]?\d{4}[ -]?\d{4})"
    + _RB,
    re.ASCII,
)
_RE_LANDLINE = re.compile(
    _LB
    + r"(?<![0-9] )"  # "6258 0757 8508 3982" is a card-like group, not area code 0757
    + r"(?:"
    # mainland: (0755) 1234 5678, 010-12345678, 0571 8888 6666; a separator is required
    + r"(?:[(（]"
    + _AREA
    + r"[)）][ ]?|"
    + _AREA
    + r"[ -])[1-9]\d{2,3}[ -]?\d{4}"
    + r"|"
    + _CN86
    + r"(?:\(0\)[ ]?)?(?:10|2\d|[3-9]\d{2})[ -]?[1-9]\d{2,3}[ -]?\d{4}"
    # Taiwan: (02)2345-6789, 02-2345-6789, +886 2 2345 6789
    + r"|(?:[(（]0[2-8]\d{0,2}[)）][ ]?|0[2-8]\d{0,2}-)\d{3,4}-?\d{4}"
    + r"|(?:\+|00)886[ -]?(?:\(0\)|0)?[2-8]\d{0,2}[ -]?\d{3,4}[ -]?\d{4}"
    + r")"
    + _EXT
    + _RB,
    re.ASCII,
)
_RE_CARD = re.compile(
    _LB
    + r"(?:\d{13,19}|\d{4}(?P<s>[ -])\d{4}(?:(?P=s)\d{4}){1,2}(?:(?P=s)\d{1,3})?"
    + r"|3[47]\d{2}(?P<a>[ -])\d{6}(?P=a)\d{5})"
    + _RB,
    re.ASCII,
)

# Context keywords. Longer phrases first so "order id" is not read as a bare "id".
_NEG_WORDS = tuple(
    (
        "order id|order no|order number|tracking|waybill|order|invoice|shipment|parcel|"
        "serial|sku|isbn|issn|ref|运单|運單|快递单|快遞單|单号|單號|订单|訂單|物流号|物流號|快件|面单|面單|包裹|追踪|追蹤|查件|"
        "取件码|流水号|流水號|交易号|交易號|交易单|批次|发票|發票|合同号|序列号|序號|工单|工單|条码|條碼|条形码|货号|貨號|型号|型號|版本"
    ).split("|")
)
_POS_WORDS = tuple(
    (
        "身份证|身份證|身分證|身分证|证件|證件|公民身份号码|居民身份|居留证|居留證|id card|id no|id|卡号|卡號|银行卡|銀行卡|信用卡|"
        "借记卡|借記卡|储蓄卡|儲蓄卡|账号|帳號|账户|帳戶|賬號|帐号|开户|開戶|收款|card|account|acct|iban|电话|電話|手机|手機|"
        "联系|聯繫|聯絡|致电|致電|拨打|撥打|热线|tel|phone|mobile|call|fax|传真|傳真|座机|座機"
    ).split("|")
)
# Courier names: a long number right after one is a waybill, but "顺丰快递员 13812345678" is a phone.
_COURIER_WORDS = tuple(
    (
        "快递|快遞|顺丰|順豐|中通|圆通|圓通|申通|韵达|韻達|京东|京東|极兔|極兔|邮政|郵政|德邦|百世|菜鸟|菜鳥|ems|dhl|fedex|ups"
    ).split("|")
)
_CARD_WORDS = frozenset(
    "账号 帳號 账户 帳戶 賬號 帐号 开户 開戶 收款 card account acct iban".split()
)
_NEG = frozenset(_NEG_WORDS)
_COURIER = frozenset(_COURIER_WORDS)
_RE_WORDS = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(
        re.escape(w)
        for w in sorted(_NEG_WORDS + _POS_WORDS + _COURIER_WORDS, key=len, reverse=True)
    )
    + r")(?![a-z])"
)
# Waybill words that also count when written right after the number: "6222...（运单号）".
_RE_NEG_AFTER = re.compile(r"运单|運單|单号|單號|订单|訂單|tracking|waybill|order")
_RE_RUN = re.compile(r"[0-9][0-9 -]{5,}[0-9]")
_RE_AT = re.compile(r"@")
_RE_WIDE = re.compile(r"[０-９Ａ-Ｚａ-ｚ＠]")
_CLAUSE = re.compile(r"[。！？；;!?\n，,、]")
_WINDOW = 24

def _cn_id_kind(value: str, verdict: str | None) -> str | None:
    v = value.replace(" ", "").upper()
    if v[:2] not in CN_REGIONS:
        return None
    if len(v) == 18:
        ok = valid_birth_date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
        return "cn_id" if ok and cn_id_check_digit(v[:17]) == v[17] else None
    # 15-digit legacy: no check digit, so insist on an ID keyword.
    ok = valid_birth_date(1900 + int(v[6:8]), int(v[8:10]), int(v[10:12]))
    return "cn_id" if ok and verdict == "id" else None


def _card_issuer_ok(d: str, verdict: str | None) -> bool:
    n = len(d)
    if d[0] == "4":  # 13-digit Visa is extinct, and 4xxxxxxxxxxxx is a common waybill shape
        return n in (16, 19)
    if "51" <= d[:2] <= "55" or "2221" <= d[:4] <= "2720":
        return n == 16
    if d[:2] in ("34", "37"):
        return n == 15
    if d[:2] in ("62", "60", "65") or "3528" <= d[:4] <= "3589" or "644" <= d[:3] <= "649":
        return 16 <= n <= 19
    if d[:2] in ("36", "38", "39") or "300" <= d[:3] <= "305":
        return 14 <= n <= 16
    # Some domestic debit cards (e.g. 9558...) start with 9: only with a card keyword.
    return d[0] == "9" and n in (16, 19) and verdict == "card"


def _id_shaped(d: str) -> bool:
    """An 18-digit string with a region code and birth date: a mistyped ID, not a card."""
    return (
        len(d) == 18
        and d[:2] in CN_REGIONS
        and d[6:8] in ("19", "20")
        and valid_birth_date(int(d[6:10]), int(d[10:12]), int(d[12:14]))
    )


def _card_kind(value: str, verdict: str | None) -> str | None:
    if verdict == "id":
        return None
    d = re.sub(r"[ -]", "", value)
    if verdict != "card" and _id_shaped(d):
        return None
    if 13 <= len(d) <= 19 and _card_issuer_ok(d, verdict) and luhn_valid(d):
        return "bank_card"
    return None


def _mobile_kind(value: str, verdict: str | None) -> str | None:
    d = re.sub(r"\D", "", value)
    if d.startswith(("852", "00852")):
        local = d[-8:]
        return "landline" if local[0] in "23" else ("mobile" if local[0] in "4569" else None)
    return "mobile"


def _classify_word(word: str) -> str:
    if word in _NEG:
        return "neg"
    if word in _COURIER:
        return "courier"
    if word.startswith(("身份", "身分", "证件", "證件", "公民", "居民", "居留", "id")):
        return "id"
    if "卡" in word or word in _CARD_WORDS:
        return "card"
    return "phone"


def _context(text: str, start: int, end: int, look_right: bool) -> str | None:
    """The nearest keyword before the number (same clause); else a waybill word right after it.

    Only long numbers (cards, IDs) look right: "13812345678（订单联系人）" is still a phone.
    """
    left = text[max(0, start - _WINDOW) : start].lower()
    cut = deque(_CLAUSE.finditer(left), maxlen=1)
    if cut:
        left = left[cut[0].end() :]
    last = deque(_RE_WORDS.finditer(left), maxlen=1)
    if last:
        return _classify_word(last[0].group(0))
    if not look_right:
        return None
    right = text[end : end + 8].lower()
    stop = _CLAUSE.search(right)
    if stop:
        right = right[: stop.start()]
    return "neg" if _RE_NEG_AFTER.search(right) else None


_Validator = Callable[[str, "str | None"], "str | None"]
_DETECTORS: tuple[tuple[re.Pattern[str], _Validator, int, bool], ...] = (
    # (pattern, validator -> kind or None, priority on equal spans (lower wins), look right)
    (_RE_CN_ID, _cn_id_kind, 1, True),
    (_RE_CARD, _card_kind, 2, True),
    (_RE_TW_ID, lambda v, c: "tw_id" if tw_id_valid(v) else None, 3, True),
    (_RE_MOBILE, _mobile_kind, 4, False),
    (_RE_LANDLINE, lambda v, c: "landline", 5, False),
)


def _windows(starts_ends, before: int, after: int, size: int) -> list[tuple[int, int]]:
    """Merge padded spans into disjoint windows: the detectors only run there."""
    out: list[tuple[int, int]] = []
    for start, end in starts_ends:
        lo, hi = max(0, start - before), min(size, end + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def find_pii(text: str) -> list[PiiFinding]:
    """All personal-information spans in `text`, in order, non-overlapping, with mask placeholders."""
    if not text:
        return []
    # Folding costs a full pass, so only do it when full-width digits or letters occur.
    scan = text.translate(_FOLD) if _RE_WIDE.search(text) else text
    cands: list[tuple[int, int, int, str]] = []
    # Every digit kind contains a run of 7+ digits/spaces/dashes; scanning for those runs first
    # is much faster than trying each pattern's look-behinds at every position. Look-behinds
    # still see the whole string, so windows do not change what matches.
    runs = ((m.start(), m.end()) for m in _RE_RUN.finditer(scan))
    for lo, hi in _windows(runs, 16, 24, len(scan)):
        for pattern, validate, base_prio, look_right in _DETECTORS:
            for m in pattern.finditer(scan, lo, hi):
                verdict = _context(scan, m.start(), m.end(), look_right)
                if verdict == "courier":
                    verdict = "neg" if look_right else None
                if verdict == "neg":
                    continue  # a waybill/order context always wins
                kind = validate(m.group(0), verdict)
                if kind is None or kind == "landline" and _ORG_LINE.search(scan[max(0, m.start() - 16) : m.start()]):
                    continue  # an organisation's published service line identifies no person
                # An ID keyword prefers the ID reading of a number that is also a valid card,
                # a card keyword the card reading.
                prio = base_prio
                if verdict == "card" and kind == "bank_card" or verdict == "id" and kind == "cn_id":
                    prio = -1
                cands.append((m.start(), m.end(), prio, kind))
    ats = ((m.start(), m.end()) for m in _RE_AT.finditer(scan))
    for lo, hi in _windows(ats, 64, 256, len(scan)):
        for m in _RE_EMAIL.finditer(scan, lo, hi):
            if not _is_role_mailbox(m.group(0)):
                cands.append((m.start(), m.end(), 0, "email"))
    cands.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
    found: list[PiiFinding] = []
    last_end = -1
    for start, end, _prio, kind in cands:
        if start >= last_end:
            value = text[start:end]
            found.append(PiiFinding(kind, start, end, value, f"[{LABELS[kind]}]"))
            last_end = end
    return found


# A landline the organisation publishes ("服务电话010-61234567"), as its shared mailboxes: no person's
_ORG_LINE = re.compile(
    r"(?:(?:服务|客服|咨询|投诉|举报|办公|值班|营业厅?|网点|门店|站点|总部|公司|服務|諮詢|投訴|舉報|辦公|營業廳?|網點|門市)"
    r"(?:电话|電話|热线|熱線|专线|專線)|热线|熱線|hotline|customer service|service line|"
    r"office (?:phone|tel))\s*(?:(?:is|为|為|是)\s*)?[:：]?\s*$",  # right before the number: 客服电话：010-…
    re.I,
)

# Shared mailboxes of an organisation (claims@, service@…) identify no person: documents must be
# able to cite them. Extra local parts can be listed in LUODI_PII_ROLE_MAILBOXES (comma-separated).
_ROLE_MAILBOXES = frozenset(
    "info service services support help helpdesk claims claim privacy dpo legal compliance admin "
    "contact contactus sales marketing hr jobs careers press media pr noreply no-reply postmaster "
    "webmaster abuse security billing finance invoice orders order customer customerservice cs "
    "feedback complaints complaint report jubao kefu tousu intl international office hotline".split()
)


def _is_role_mailbox(address: str) -> bool:
    local = address.split("@", 1)[0].lower()
    extra = {x.strip().lower() for x in os.environ.get("LUODI_PII_ROLE_MAILBOXES", "").split(",") if x.strip()}
    return local in _ROLE_MAILBOXES or local in extra


def apply_pii(
    text: str, policy: str = "mask", key: bytes | None = None
) -> tuple[str, list[PiiFinding], list[tuple[str, str, str]]]:
    """Mask, keep or reversibly tokenise personal information.

    Returns (new text, findings with their replacements, vault entries (token, kind, ciphertext));
    the vault is empty unless policy is "reversible". With "keep" each finding's replacement is
    its own value. Reversible tokens are an HMAC of the value under the key: the same value gets
    the same token in every document (stable re-ingestion), which also shows that two documents
    share a value without revealing it.
    """
    if policy not in POLICIES:
        raise ConfigError(f"Unknown PII policy {policy!r}: use one of {', '.join(POLICIES)}.")
    fernet, raw_key = fernet_for(key) if policy == "reversible" else (None, b"")
    findings = find_pii(text)
    vault: dict[str, tuple[str, str, str]] = {}
    parts: list[str] = []
    pos = 0
    for f in findings:
        if policy == "keep":
            f.replacement = f.value
        elif policy == "reversible":
            digest = hmac.new(raw_key, f"{f.kind}\0{f.value}".encode(), hashlib.sha256).hexdigest()
            token = f"[{LABELS[f.kind]}#{digest[:8]}]"
            f.replacement = token
            if token not in vault:
                # The token is sealed with the value so that swapped vault rows are detected.
                secret = fernet.encrypt(f"{token}\0{f.value}".encode()).decode()
                vault[token] = (token, f.kind, secret)
        parts.append(text[pos : f.start])
        parts.append(f.replacement)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), findings, list(vault.values())
