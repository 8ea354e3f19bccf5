"""Follow-up turns: what a short question means given the conversation before it.

    "那要多久？"      after a question about 吨税执照      → the same service, time limit
    "出口的呢"        after 进口转关                       → the question again with 出口
    "下一条呢"/"第6项呢"/"上一条" after a measure or task  → another number of the same kind
    "保税监管处那个"  after a clarification over 审单业务  → the candidate of that department

The earlier turn is resolved first (recursively, with its own history); this module
only decides how the new turn changes it. Does not handle: follow-ups that refer two
turns back past an unrelated question.
"""
from __future__ import annotations

import re

from answering.lexicon import LEXICON
from kb.parse.numbering import to_int

CONTRAST = LEXICON.contrast  # data: answering/lexicon.toml
FOLLOWUP_MAX_CHARS = 12
_NUMBER = re.compile(r"^(?:那)?第?\s*([0-9]+|[一二三四五六七八九十]+)\s*[条项个]?(?:呢|吗|是什么|讲什么|讲的啥)?$")


REFERENCE_WORDS = LEXICON.reference_words  # 那个, 这个, 它 … (data)


def refers_back(q: str) -> bool:
    """Whether the turn points at the conversation: 那…/这个…/它…, …呢, 的话, 上一条/下一条."""
    return q.startswith(LEXICON.reference_starts) or refers_back_past_opening(q)


def refers_back_past_opening(q: str) -> bool:
    """Whether the turn points at the conversation other than by its first word (那个方案里…
    may only be a demonstrative): …呢, 的话, 上一条/下一条, a number, 第二个."""
    clauses = [c for c in re.split(r"[，,。.？?！!；;\s]+", q) if c]  # 检验那块呢，要交啥
    return (q.endswith("的话")
            or any(c.endswith(("呢", *REFERENCE_WORDS)) for c in clauses)
            or bool(_ORDINAL.fullmatch(q))
            or relative_shift(q) is not None or bool(_NUMBER.match(q)))


def looks_like_followup(q: str) -> bool:
    return len(q) <= FOLLOWUP_MAX_CHARS or refers_back(q)


def sentences(q: str) -> list[str]:
    """The sentences of a message (split at 。？！；)."""
    return [x for x in re.split(r"[。？！?!；;]", q) if x.strip()]


def short_questions(q: str) -> bool:
    """Whether ``q`` is several questions each as short as a follow-up (每次能延多久？最多能延几回)."""
    parts = sentences(q)
    return len(parts) > 1 and all(len(x) <= FOLLOWUP_MAX_CHARS for x in parts)


_ORDINAL = re.compile(r"(?:选|要|是)?第\s*([0-9]+|[一二三四五六七八九十]+)\s*[个项种]?(?:吧|呢|的)?")


def ordinal(q: str) -> int | None:
    """"第二个" → 2: a reply picking a choice of a clarification by its place."""
    m = _ORDINAL.fullmatch(q)
    return to_int(m.group(1)) if m else None


def relative_shift(q: str) -> int | None:
    """+1 for 下一条/后面那条, -1 for 上一条/前一项 (data: ``[reference]`` next, previous), else None."""
    if LEXICON.next_item.search(q):
        return 1
    return -1 if LEXICON.previous_item.search(q) else None


def numbered_shift(q: str, previous_number: int) -> int | None:
    shift = relative_shift(q)
    if shift is not None:
        return previous_number + shift
    m = _NUMBER.match(q)
    if m:
        return to_int(m.group(1))
    return None


def contrast_shift(q: str, earlier: list[str]) -> str | None:
    """The latest earlier turn naming the other side of a contrast the new turn names
    (出口 after 进口 …), with the word swapped; None when there is no such turn."""
    for previous in reversed(earlier):
        for a, b in CONTRAST + _negations(q, previous):
            for said, old in ((b, a), (a, b)):
                if said in q and old in previous and said not in previous.replace(old, "") \
                        and not (old in q and old != said and said in old):
                    return previous.replace(old, said)
    return None


def _negations(q: str, previous: str) -> list[tuple[str, str]]:
    """非X ↔ X pairs the two turns make (非政策性 … then 政策性的呢; 保税 … then 非保税的呢)."""
    out = []
    for text in (q, previous):
        for start in (m.start() for m in re.finditer("非", text)):
            out += [(text[start:start + 1 + n], text[start + 1:start + 1 + n]) for n in (4, 3, 2)
                    if re.fullmatch(r"[\u4e00-\u9fff]+", text[start + 1:start + 1 + n])]
    return out
