"""Traditional → Simplified for parsing: a source in Traditional characters is read on a
converted copy (line for line, so every line keeps its number and citations show the
original); Simplified sources are left untouched.

    >>> is_traditional("辦理時限：3個工作日")
    True
"""
from __future__ import annotations

from functools import lru_cache

TRADITIONAL_SHARE = 0.05  # of the Han characters that OpenCC would change


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def is_traditional(text: str) -> bool:
    """Whether at least 5 % of the Han characters are Traditional forms."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return False
    converted = to_simplified("".join(han))
    changed = sum(1 for a, b in zip(han, converted) if a != b)
    return changed >= TRADITIONAL_SHARE * len(han)
