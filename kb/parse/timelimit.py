"""Normalise a service's time limit (办理时限) into value, unit, qualifier and condition.

    >>> parse_time_limit(["单据齐全后30个工作日"]).qualifier
    '单据齐全后'

Forms understood: "N个工作日/日/天/小时/分钟" (decimals and Chinese numerals too), "…内"
(an upper bound), "/票" per item, a start point ending in 后 or 自…之日起, a trailing
（…除外） or "，特殊情况可延长…" condition, immediate forms (即来即办, 随到随办, 即时办理,
工作日内随时办理 …), 当日 (same day), 按…时限 (refers elsewhere), numbered items
(multi_item) and ；-separated stages each with its own number (multi_stage).
Sentences that each state an amount are one part each (注册 3 / 变更 2 / 年审 3 个工作日).
Numbers after 提前 or 延长 are lead times or extensions, never the limit itself.
Does not handle: ranges ("3至5个工作日"), months and years, limits in tables.
"""
from __future__ import annotations

import re

from kb.parse.numbering import CN_CHARS, cn_to_int
from kb.facts import TimeLimit, TimeLimitPart, TimeUnit

_UNITS = {"工作日": TimeUnit.working_day, "日": TimeUnit.day, "天": TimeUnit.day,
          "小时": TimeUnit.hour, "分钟": TimeUnit.minute}
_AMOUNT = re.compile(rf"(\d+(?:\.\d+)?|[{CN_CHARS}]+)\s*个?\s*(工作日|小时|分钟|日|天)(以内|之内|内)?(?:\s*[/／每]\s*(\S))?")
_IMMEDIATE = re.compile(r"即来即办|即时办理|即时办结|即刻办理|即刻办结|即到即签|即到即打|即报即办|随到随办|随时办理|立即办理|即办")
_SAME_DAY = re.compile(r"当日|当天")
_REFERENCE = re.compile(r"^按(.+?)时限")
_QUALIFIER = re.compile(r"(自[^，,；;]*?之日起|[^，,；;。]*?后)$")
_PAREN_CONDITION = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
_NOT_LIMIT_BEFORE = ("提前", "延长")


def _amount(text: str) -> re.Match[str] | None:
    for m in _AMOUNT.finditer(text):
        if text[:m.start()].rstrip().endswith(_NOT_LIMIT_BEFORE):
            continue
        raw = m.group(1)
        if not raw.replace(".", "").isdigit():
            try:
                cn_to_int(raw)
            except ValueError:
                continue
        return m
    return None


def find_limit(text: str) -> bool:
    """Whether ``text`` states a time limit (an amount, an immediate or a same-day form)."""
    return bool(_amount(text) or _IMMEDIATE.search(text) or _SAME_DAY.search(text))


def _tidy(text: str) -> str:
    return text.strip().strip("，,；;。.：: ")


def parse_part(text: str) -> TimeLimitPart:
    """One clause: '5分钟/票（有问题的除外）' → 5 minute per 票, condition 有问题的除外."""
    text = _tidy(text)
    part = TimeLimitPart(text=text)
    body = text
    paren = _PAREN_CONDITION.search(body)
    if paren and ("除外" in paren.group(1) or "环节" in paren.group(1) or len(paren.group(1)) > 6):
        part.condition = paren.group(1)
        body = body[:paren.start()].strip()
    reference = _REFERENCE.match(body)
    m = _amount(body)
    if m:
        raw = m.group(1)
        part.value = float(raw) if raw.replace(".", "").isdigit() else float(cn_to_int(raw))
        part.unit = _UNITS[m.group(2)]
        part.within = bool(m.group(3))
        part.per = m.group(4)
        prefix, suffix = body[:m.start()], body[m.end():]
    elif im := _IMMEDIATE.search(body):
        part.unit = TimeUnit.immediate
        prefix, suffix = body[:im.start()], body[im.end():]
    elif sd := _SAME_DAY.search(body):
        part.unit = TimeUnit.same_day
        prefix, suffix = body[:sd.start()], ""
    elif reference:
        part.unit = TimeUnit.reference
        return part
    else:
        return part
    prefix = re.sub(r"^根据《[^》]*》(?:[（(][^）)]*[）)])?[，,]?", "", prefix).strip()
    q = _QUALIFIER.search(prefix)
    if q and part.unit is not TimeUnit.immediate:
        part.qualifier = q.group(1).removeprefix("在")
        prefix = prefix[:q.start()]
    leftover = _tidy(prefix).removeprefix("并")
    if leftover.endswith("海关"):
        leftover = ""  # the actor (主管海关 …), not a condition
    tail = _tidy(suffix)
    if tail.startswith(("特殊情况", "如", "但")) or "延长" in tail:
        part.condition = "，".join(x for x in (part.condition, tail) if x)
    if leftover and not part.condition:
        part.condition = leftover
    return part


def parse_time_limit(pieces: list[str], numbered: bool = False, raw: str | None = None) -> TimeLimit | None:
    """A TimeLimit from the field's text pieces (inline text, paragraphs or numbered items).

    ``raw`` is the text as written (with item numbers); by default the pieces joined.
    """
    pieces = [p for p in (_tidy(p) for p in pieces) if p]
    if not pieces:
        return None
    raw = raw or "".join(pieces)
    if numbered and len(pieces) > 1:
        parts, kind = [parse_part(p) for p in pieces], "multi_item"
    else:
        text = "".join(pieces)
        clauses = [c for c in re.split(r"[；;]", text) if _tidy(c)]
        sentences = [c for c in re.split(r"[。]", text) if _tidy(c)]
        staged = [c for c in clauses if _amount(c)]
        stated = [c for c in sentences if find_limit(c)]
        if len(clauses) > 1 and len(staged) == len(clauses):
            parts, kind = [parse_part(c) for c in clauses], "multi_stage"
        elif len(sentences) > 1 and len(stated) == len(sentences) and all(_amount(c) for c in stated):
            parts, kind = [parse_part(c) for c in sentences], "multi_item"  # 注册…3个工作日。变更…2个工作日。
        else:
            # prefer the sentence that states the limit; keep the rest as condition
            main = next((s for s in sentences if _IMMEDIATE.search(s)), None)
            part = parse_part(main) if main and len(sentences) > 1 else parse_part(text)
            if main and len(sentences) > 1:
                others = [_tidy(s).removeprefix("并") for s in sentences if s is not main]
                part.condition = "，".join(x for x in [part.condition, *others] if x)
                part.text = _tidy(text)
            parts, kind = [part], "single"
    first = parts[0]
    return TimeLimit(raw=_tidy(raw), kind=kind, value=first.value, unit=first.unit,
                     qualifier=first.qualifier, condition=first.condition, parts=parts)
