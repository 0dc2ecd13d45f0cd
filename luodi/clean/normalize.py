"""Unicode normalisation that keeps Chinese punctuation.

NFKC would turn ，。：；！？（） into ASCII and change what users quote back; here only
full-width ASCII letters and digits and odd spaces are folded, invisible characters are
dropped, and runs of blank lines collapse.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width 0-9, A-Z, a-z → ASCII; Chinese punctuation in the same block is left alone.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_SPACES = dict.fromkeys(
    [0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x1680, 0x000B, 0x000C], " "
)
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD], None)
_TABLE = {**_FULLWIDTH_ALNUM, **_SPACES, **_INVISIBLE}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_RUNS = re.compile(r"[ \t]{2,}")


def normalize_text(text: str, keep_indent: bool = False) -> str:
    """Fold full-width letters/digits and odd spaces, drop invisibles, tidy lines.

    `keep_indent` keeps leading ASCII spaces (Markdown nesting); otherwise lines are stripped.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.translate(_TABLE))
    lines = []
    for line in text.split("\n"):
        body = line.strip() if not keep_indent else line.rstrip()
        indent = ""
        if keep_indent:
            stripped = body.lstrip(" \t")
            indent, body = body[: len(body) - len(stripped)], stripped
        body = _RUNS.sub(" ", body)
        lines.append(indent + body if body else "")
    return collapse_blank_lines("\n".join(lines))


def collapse_blank_lines(text: str) -> str:
    """At most one blank line in a row; no blank lines at either end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
