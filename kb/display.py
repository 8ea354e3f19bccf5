"""Plain-text tables for terminals, aware that CJK characters take two columns."""
from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1 and used + w > limit:
            return out + "…"
        out += ch
        used += w
    return out


def table(headers: list[str], rows: list[list[str]], limits: list[int] | None = None) -> str:
    limits = limits or [40] * len(headers)
    rows = [[clip(str(c if c is not None else ""), lim) for c, lim in zip(r, limits)] for r in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows]
    return "\n".join(lines)
