"""Turn a source file into logical lines that still know their original line numbers.

Cleaning keeps citations honest: nothing is rewritten, lines are only dropped (web
boilerplate, each recorded with a reason) or joined (a sentence broken by a page break
or by a phone-screen layout), and every logical line keeps the range of original lines
it was made from.

Does not handle: boilerplate inside a line (ads mid-paragraph), OCR errors, tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.parse.numbering import parse_number, strip_prefix


@dataclass(frozen=True)
class Line:
    start: int  # first original line, 1-based
    end: int  # last original line (== start unless joined)
    text: str  # stripped text; joined pieces are concatenated without separator
    md_level: int = 0  # markdown heading level of the first piece
    lead: str = ""  # for a joined run of short lines: its first piece (often a heading)


@dataclass
class Cleaned:
    lines: list[Line]
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)
    joins: list[tuple[int, int]] = field(default_factory=list)  # (first, last) joined ranges
    warnings: list[str] = field(default_factory=list)


# Web-page furniture that never belongs to a document's content.
_NOISE_LINE = re.compile(r"^(?:(?:热点排行|热门排行|相关阅读|相关推荐|猜你喜欢)\s*)+$")
_FOOTER_START = re.compile(r"^(?:热门推荐|相关新闻|推荐阅读|返回列表|发表评论)\s*$")
_SITE_HEADER = re.compile(r"^\S{2,20}网\s*[-—–|｜]\s*\S+$")

_TERMINAL = "。；;：:！!？?…）)”」』】"
_OPEN_CLOSE = {"（": "）", "(": ")", "“": "”", "《": "》", "〔": "〕", "「": "」", "【": "】"}


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); GB18030 as a fallback with a warning."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            return text, [f"{name}: not UTF-8 or GB18030 (byte {exc.start}); undecodable bytes replaced"]
        return text, [f"{name}: not UTF-8 (byte {exc.start}); read as GB18030"]


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN_CLOSE:
            depth += 1
        elif ch in _OPEN_CLOSE.values():
            depth = max(0, depth - 1)
    return depth > 0


def _is_structural(raw: str) -> bool:
    """A heading or numbered line: never the continuation of a broken sentence."""
    text, md = strip_prefix(raw)
    return md > 0 or parse_number(raw) is not None or text in ("附件", "附件：", "附件:")


def _broken_before(prev: Line, raw_prev: str) -> bool:
    """Whether ``prev`` is a sentence cut short by a page break."""
    text = prev.text
    if prev.md_level or not text:
        return False
    if _unbalanced(text) or text.endswith(("，", ",", "、")):
        return True
    if text.endswith(tuple(_TERMINAL)):
        return False
    in_paragraph = parse_number(raw_prev) is not None or text.startswith("——")
    return in_paragraph and len(text) >= 20


def drop_boilerplate(raw_lines: list[str]) -> list[tuple[int, str]]:
    """(line number, reason) of web furniture: site header, ranking noise, footer."""
    dropped: list[tuple[int, str]] = []
    nonblank = [i for i, t in enumerate(raw_lines) if t.strip()]
    if nonblank and _SITE_HEADER.match(raw_lines[nonblank[0]].strip()):
        dropped.append((nonblank[0] + 1, "site header"))
    footer_at = None
    for i, raw in enumerate(raw_lines):
        t = raw.strip()
        if footer_at is None and _FOOTER_START.match(t):
            footer_at = i
        if footer_at is not None and t:
            dropped.append((i + 1, "page footer (related news, comment form)"))
        elif t and _NOISE_LINE.match(t):
            dropped.append((i + 1, "ranking widget text"))
    return dropped


def clean(text: str, *, join_short_runs: bool = False) -> Cleaned:
    """Logical lines of ``text``; ``join_short_runs`` for phone-layout web articles."""
    raw_lines = text.splitlines()
    dropped = drop_boilerplate(raw_lines)
    gone = {n for n, _ in dropped}
    out: list[Line] = []
    raws: list[str] = []  # raw text of the first piece of each logical line
    joins: list[tuple[int, int]] = []
    for i, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not stripped or i in gone:
            continue
        _, md = strip_prefix(raw)
        if out and not _is_structural(raw) and _broken_before(out[-1], raws[-1]):
            prev = out[-1]
            out[-1] = Line(prev.start, i, prev.text + stripped, prev.md_level)
            joins.append((prev.start, i))
            continue
        out.append(Line(i, i, stripped, md))
        raws.append(raw)
    if join_short_runs:
        out, raws = _join_short_runs(out, raws, joins)
    return Cleaned(out, dropped, joins)


def _short_plain(line: Line, raw: str) -> bool:
    return (len(line.text) < 20 and not line.md_level and not _is_structural(raw)
            and not line.text.endswith(tuple(_TERMINAL)))


def _join_short_runs(lines: list[Line], raws: list[str], joins: list) -> tuple[list[Line], list[str]]:
    """Join runs of three or more short unpunctuated lines (one sentence, one phrase a line)."""
    out: list[Line] = []
    out_raws: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _short_plain(lines[j], raws[j]):
            j += 1
        if j - i >= 3:
            merged = Line(lines[i].start, lines[j - 1].end, "".join(l.text for l in lines[i:j]),
                          lead=lines[i].text)
            joins.append((merged.start, merged.end))
            out.append(merged)
            out_raws.append(raws[i])
            i = j
        else:
            out.append(lines[i])
            out_raws.append(raws[i])
            i += 1
    return out, out_raws
