"""Content-farm pollution: repeated slogans, link farms, spam ads, view counters, footers.

Works on lines (one paragraph, heading or list item each), so Markdown and plain text keep
their structure. Nothing here knows a particular site: a slogan is whatever string many
paragraphs share at their start or end, or inside the same brackets.
"""

from __future__ import annotations

import re
from collections import Counter

# Lines the chunker splits on; never dropped as pollution.
_STRUCTURAL = re.compile(
    r"^\s*(#{1,6}\s|第[零〇一二三四五六七八九十百千万\d]+[条章节编款]|[（(][一二三四五六七八九十]+[)）])"
)
# Article and list numbering shared by many lines ("第一千一百…", "(a)") is structure.
_NUMBERING = re.compile(
    r"^\s*(第[零〇一二三四五六七八九十百千万两\d]+|[（(]?[\d一二三四五六七八九十]+[)）、.])"
)
_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?.…”\"』」)）]$")

_RELATED = re.compile(
    r"^\W*(相关(阅读|文章|推荐|新闻|链接|内容)|猜你喜欢|推荐阅读|延伸阅读|热门(文章|推荐|阅读|新闻)|"
    r"大家都在看|精彩推荐|更多(精彩|阅读|文章)|你可能(还)?(喜欢|感兴趣)|相關(閱讀|文章|新聞)|猜你喜歡|"
    r"推薦閱讀|熱門文章|related (articles?|posts?|stories|reading|links)|you (may|might) also like|"
    r"recommended( for you| reading| stories)?|more (stories|articles|from)|read (more|next)|"
    r"popular (posts|articles|stories)|trending( now)?|further reading|see also)\W*$",
    re.IGNORECASE,
)
_AD = re.compile(
    r"^\W*(广告|廣告|推广|推廣|赞助|贊助|sponsored|advertisement|promoted)\W|^\W*ads?\s*[:：]|"
    r"^\W*(广告|廣告|推广|推廣)\W*$|"
    r"(点击(这里|此处|链接|进入|领取)|點擊(這裡|進入)|扫码|掃碼|加微信|加v信|免费领取|免費領取|月入过?万|日赚|"
    r"更多精彩|"
    r"网赚|click here|buy now|order now|limited[- ]time offer|act now|"
    r"earn \$?\d[\d,]* (a|per) (day|week|month)|make \$?\d[\d,]* (a|per) (day|week|month)|"
    r"work from home|free (trial|gift|bonus)|casino|100% free|lose \d+ (lbs|pounds|kg))",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^\W*(https?://|www\.)\S+\W*$", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# a site's watermark inside a line of the text: 【本文来自… 转载请注明出处】
_INLINE_NOTE = re.compile(r"[【\[][^【】\[\]\n]{0,60}?(?:转载请|轉載請|转载自|轉載自|本文来自|本文來自|原文链接|原文鏈接)"
                          r"[^【】\[\]\n]{0,60}[】\]]")
_COUNTER = re.compile(
    r"[（(\[【]?\s*(阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問)(量|数|數|次数|次數)?\s*[：:]?\s*\d[\d,，.]*\s*(万|萬|次|人)?\s*[)）\]】]?"
    r"|\d[\d,]*\s*(人|次)(阅读|閱讀|浏览|瀏覽|看过|看過)"
    r"|\b(views?|reads?|page ?views|hits)\s*[:：]\s*\d[\d,.]*k?\b"
    r"|\b\d[\d,.]*k?\s+(views|reads|page ?views)\b"
    r"|\bread\s+\d[\d,]*\s+times\b",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"版权所有|版權所有|版权声明|版權聲明|免责声明|免責聲明|"
    r"未经(授权|许可|書面|书面)[^。]{0,12}(不得|禁止)(转载|复制|使用)|未經(授權|許可)[^。]{0,12}(不得|禁止)(轉載|複製)|"
    r"(转载|轉載)请?(注明|註明)|ICP[备證证]|copyright\s*(©|\(c\)|\d{4})|©\s*\d{4}|"
    r"all rights reserved|^\W*disclaimer\b|powered by|terms of (use|service)|privacy policy",
    re.IGNORECASE,
)


def _is_structural(line: str) -> bool:
    return bool(_STRUCTURAL.match(line))


def _words(s: str) -> int:
    return len(_WORDY.findall(s))


def _paragraphs(lines: list[str]) -> list[int]:
    """Indexes of lines long enough to carry a slogan."""
    return [i for i, ln in enumerate(lines) if _words(ln) >= 15]


def _slogan_like(s: str) -> bool:
    """Long enough to be a site tag: two latin words or four CJK characters, not a URL piece."""
    if re.search(r"https?://|www\.", s) or _NUMBERING.match(s):
        return False
    cjk = len(_CJK.findall(s))
    latin_words = len(re.findall(r"[^\W\d_]{2,}", re.sub(r"[\u3400-\u9fff]", " ", s)))
    bracketed = bool(re.search(r"[【】\[\]〔〕（）()|｜—–-]", s))
    return cjk >= 4 or (cjk >= 3 and bracketed) or latin_words >= 2


def _boundary(text: str, affix: str, at_end: bool) -> bool:
    """The affix does not cut a latin word or number in two."""
    if at_end:
        before = text[-len(affix) - 1 : -len(affix)]
        if affix[-1] in "。；;，,.!！?？" and _WORDY.match(before or " "):
            # Ends like a sentence and starts mid-sentence: the shared end of list items.
            return False
        return not (before.isascii() and before.isalnum() and affix[0].isalnum())
    after = text[len(affix) : len(affix) + 1]
    return not (after.isascii() and after.isalnum() and affix[-1].isalnum())


def find_affixes(lines: list[str]) -> list[str]:
    """Strings that most paragraphs share at their end or start (site tags, slogans)."""
    idx = _paragraphs(lines)
    if len(idx) < 3:
        return []
    need = max(3, (len(idx) + 1) // 2)
    found: list[str] = []
    for at_end in (True, False):
        texts = [lines[i].strip() for i in idx]
        qualified: list[str] = []
        for length in range(4, 81):
            counts = Counter(
                t[-length:] if at_end else t[:length] for t in texts if len(t) > length + 3
            )
            if not counts:
                break
            cand, n = counts.most_common(1)[0]
            if n < need:
                break
            trimmed = _trim_affix(cand, at_end)
            # A slogan rides on a paragraph; a shared string that is most of each line is content.
            support = sum(
                1
                for t in texts
                if (t.endswith(cand) if at_end else t.startswith(cand))
                and _boundary(t, trimmed, at_end)
                and len(trimmed) <= 0.5 * len(t)
            )
            if support < need and len(trimmed) > 0:
                # Shared by most lines but too long to be a tag: the shared part is content.
                too_long = any(
                    len(trimmed) > 0.5 * len(t)
                    for t in texts
                    if t.endswith(cand) or t.startswith(cand)
                )
                if too_long:
                    qualified = []
                    break
            if support >= need and _slogan_like(trimmed):
                qualified.append(trimmed)
        # Paragraphs may share a first word after the tag: prefer a candidate that ends at a
        # delimiter (】, ], space, dash), else the longest.
        edge = (lambda c: c[0]) if at_end else (lambda c: c[-1])
        delimited = [c for c in qualified if not _WORDY.match(edge(c))]
        if delimited or qualified:
            found.append(max(delimited or qualified, key=len))
    return found


def _trim_affix(affix: str, at_end: bool) -> str:
    """Leave the article's own punctuation: trim the shared string to its slogan part."""
    if at_end:
        # The shared tail often starts with the sentence end the paragraphs have in common.
        return affix.lstrip("。．.！!？?，,；;、 ")
    return affix.rstrip(" ，,：:")


def _bracketed_repeats(lines: list[str]) -> list[str]:
    """Bracketed fragments (【…】, […], (…)) repeated inside many paragraphs."""
    idx = _paragraphs(lines)
    if len(idx) < 3:
        return []
    need = max(3, (len(idx) + 1) // 2)
    counts: Counter[str] = Counter()
    for i in idx:
        for frag in set(re.findall(r"[【\[〔（(][^】\]〕）)\n]{2,40}[】\]〕）)]", lines[i])):
            counts[frag] += 1
    # Citations such as （《刑法》第三条） repeat legitimately in legal texts.
    return [
        f
        for f, n in counts.items()
        if n >= need and _slogan_like(f) and not re.search(r"[《》]|第.{1,6}[条條章款]", f)
    ]


def _repeated_lines(lines: list[str]) -> set[str]:
    """A short line inserted after most paragraphs (a tag on its own line)."""
    idx = _paragraphs(lines)
    counts = Counter(ln.strip() for ln in lines if ln.strip())
    out = set()
    for text, n in counts.items():
        if (
            n < 3
            or n < 0.4 * len(idx)
            or len(text) > 60
            or _is_structural(text)
            or not _slogan_like(text)
        ):
            continue
        # Every occurrence must follow a real paragraph: data tables and schedules repeat
        # short cells next to other short cells, inserted tags sit between paragraphs.
        prev_ok = True
        last = ""
        for ln in lines:
            s = ln.strip()
            if not s:
                continue
            if s == text and _words(last) < 20:
                prev_ok = False
                break
            last = s
        if prev_ok:
            out.add(text)
    return out


def strip_slogans(lines: list[str]) -> tuple[list[str], list[str]]:
    """Remove repeated slogans wherever they occur, and lines that repeat a slogan alone."""
    slogans = list(dict.fromkeys(find_affixes(lines) + _bracketed_repeats(lines)))
    repeated = _repeated_lines(lines)
    if not slogans and not repeated:
        return lines, []
    removed = [f"slogan: {s}" for s in slogans] + [f"repeated line: {r}" for r in repeated]
    out = []
    for ln in lines:
        if ln.strip() in repeated:
            continue
        for s in sorted(slogans, key=len, reverse=True):
            if s in ln:
                ln = ln.replace(s, "")
        ln = re.sub(r"[ \t]*[-—|｜–·•]+[ \t]*$", "", ln.rstrip()) if slogans else ln
        if ln.strip() or not out or out[-1].strip():
            out.append(ln.rstrip() if ln.strip() else "")
    return out, removed


def strip_counters(lines: list[str]) -> tuple[list[str], list[str]]:
    """Remove view counters ("阅读 1234", "瀏覽次數：56", "Views: 5,021")."""
    out, removed = [], []
    for ln in lines:
        new = _COUNTER.sub("", ln)
        if new != ln:
            removed.append(f"counter: {ln.strip()[:60]}")
            if not _words(new):
                continue
            new = re.sub(r"[ \t]{2,}", " ", new).strip(" |｜·•-—")
        out.append(new)
    return out, removed


def _short(line: str) -> bool:
    cjk = len(_CJK.findall(line))
    return (cjk <= 40 and len(line) <= 60) if cjk else len(line) <= 120


def _spam(line: str) -> bool:
    s = line.strip()
    # Ad titles are headlines, not sentences: a line ending like a sentence is article text.
    urls = _URL.findall(s)
    if len(urls) >= 3 and len(_WORDY.findall(_URL.sub("", s))) <= 8:  # a line of links: 点击这里 http://…
        return not _is_structural(s)
    return (
        bool(s)
        and not _is_structural(s)
        and _short(s)
        and not s.endswith(("。", "；", ".", ";"))
        and _AD.search(s) is not None
    )


def strip_inline_notes(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop a site's watermark from inside a line, the line's own text kept."""
    out, removed = [], []
    for ln in lines:
        notes = _INLINE_NOTE.findall(ln)
        if notes:
            removed += [f"watermark: {n[:60]}" for n in notes]
            ln = _INLINE_NOTE.sub("", ln).rstrip()
        out.append(ln)
    return out, removed


def _linky(line: str) -> bool:
    s = line.strip()
    return bool(re.search(r"https?://|www\.", s)) and (_short(s) or _URL_LINE.match(s) is not None)


def strip_link_farms(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop "related articles" blocks (heading plus the short titles under it) and spam ads."""
    out, removed = [], []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s and _RELATED.match(s.lstrip("#").strip()) and len(s) <= 40:
            j = i + 1
            while j < len(lines):
                t = lines[j].strip()
                if t and not (_short(t) or _spam(t)) or (t and _is_structural(t)):
                    break
                j += 1
            removed.append(f"link farm: {s} ({j - i - 1} lines)")
            i = j
            continue
        if _spam(s):
            removed.append(f"spam: {s[:60]}")
            i += 1
            continue
        out.append(lines[i])
        i += 1
    # A trailing run of three or more link or ad lines is a link farm even without a heading.
    end = len(out)
    while end and not out[end - 1].strip():
        end -= 1
    start = end
    while start and (not out[start - 1].strip() or _linky(out[start - 1]) or _spam(out[start - 1])):
        start -= 1
    if sum(1 for ln in out[start:end] if ln.strip()) >= 3:
        removed.append(f"link farm: {end - start} trailing link lines")
        out = out[:start]
    return out, removed


def strip_footers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop copyright, disclaimer and licence footers, and the short lines that trail them."""
    out, removed = [], []
    n = len(lines)
    in_footer = False
    for i, ln in enumerate(lines):
        s = ln.strip()
        tail = i >= n * 0.5 or n <= 6
        limit = 300 if tail else 120
        if s and not _is_structural(s) and _FOOTER.search(s) and len(s) <= limit:
            removed.append(f"footer: {s[:60]}")
            in_footer = tail
            continue
        if in_footer and s and _short(s) and not _SENTENCE_END.search(s):
            removed.append(f"footer: {s[:60]}")
            continue
        if s:
            in_footer = False
        out.append(ln)
    return out, removed


def remove_pollution(text: str) -> tuple[str, list[str]]:
    """Run every remover over the lines of `text`; returns (text, what was removed)."""
    lines = text.split("\n")
    removed: list[str] = []
    for step in (strip_counters, strip_inline_notes, strip_link_farms, strip_footers, strip_slogans):
        lines, notes = step(lines)
        removed.extend(notes)
    return "\n".join(lines), removed
