"""Recognise the numbering of Chinese official documents at the start of a line.

Handles 一、 / （一）/(一) / 1. 1、 1． / （1）/(1), full- and half-width, after optional
markdown ``#`` or list bullets. Chinese numerals up to 九百九十九.
Does not handle: ①②③ circled numbers, 第一条-style articles, Roman numerals, A./a) —
such lines are treated as plain text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


CN_CHARS = "零〇一二两三四五六七八九十百"


class Marker(str, Enum):
    """Kinds of numbering, from the usual outermost to innermost."""

    cn = "cn"  # 一、
    paren_cn = "paren_cn"  # （一） (一)
    arabic = "arabic"  # 1. 1、 1．
    paren_arabic = "paren_arabic"  # （1） (1)


@dataclass(frozen=True)
class Numbered:
    marker: Marker
    number: int
    rest: str  # the text after the marker, stripped


_PREFIX = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[-•·*]\s+)?")
_PATTERNS = [
    (Marker.paren_cn, re.compile(rf"^[（(]\s*([{CN_CHARS}]+)\s*[）)]\s*(.*)$")),
    (Marker.paren_arabic, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*(.*)$")),
    (Marker.cn, re.compile(rf"^([{CN_CHARS}]+)\s*[、．.]\s*(.*)$")),
    (Marker.arabic, re.compile(r"^(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(.*)$")),
]


def cn_to_int(text: str) -> int:
    """二十一 → 21, 四十三 → 43, 十 → 10, 一百零五 → 105 (cn2an, on numeral characters only)."""
    if not text or any(ch not in CN_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    import cn2an  # 0.25 s to import: only when a numeral is read

    return int(cn2an.cn2an(text, "normal"))


def to_int(raw: str) -> int:
    """'12' or '十二' → 12."""
    return int(raw) if raw.isdigit() else cn_to_int(raw)


def int_to_cn(n: int) -> str:
    """21 → 二十一, 10 → 十, 43 → 四十三, 113 → 一百一十三 (the inverse of cn_to_int)."""
    if n <= 0:
        raise ValueError(f"only positive numbers are written here, not {n}")
    import cn2an

    return str(cn2an.an2cn(n))


def strip_prefix(line: str) -> tuple[str, int]:
    """Remove markdown heading marks and bullets; return (text, markdown level or 0)."""
    stripped = line.strip()
    level = len(stripped) - len(stripped.lstrip("#"))
    return _PREFIX.sub("", stripped, count=1).strip(), level if level <= 6 else 0


def parse_number(line: str) -> Numbered | None:
    """The numbering at the start of ``line``, or None for plain text."""
    text, _ = strip_prefix(line)
    for marker, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1)
        try:
            number = int(raw) if raw.isdigit() else cn_to_int(raw)
        except ValueError:
            continue
        if number == 0:
            continue
        return Numbered(marker, number, m.group(2).strip())
    return None
