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
_RELATIVE = re.compile(r"(下|上)一[条项个]")
_NUMBER = re.compile(r"^(?:那)?第?\s*([0-9]+|[一二三四五六七八九十]+)\s*[条项个]?(?:呢|吗|是什么|讲什么|讲的啥)?$")


def looks_like_followup(q: str) -> bool:
    return (len(q) <= FOLLOWUP_MAX_CHARS or q.startswith(("那", "这个", "它", "该")) or q.endswith("呢")
            or bool(_RELATIVE.search(q)))


def numbered_shift(q: str, previous_number: int) -> int | None:
    m = _RELATIVE.search(q)
    if m:
        return previous_number + (1 if m.group(1) == "下" else -1)
    m = _NUMBER.match(q)
    if m:
        return to_int(m.group(1))
    return None


def contrast_shift(q: str, earlier: list[str]) -> str | None:
    """The latest earlier turn naming the other side of a contrast the new turn names
    (出口 after 进口 …), with the word swapped; None when there is no such turn."""
    for previous in reversed(earlier):
        for a, b in CONTRAST:
            for said, old in ((b, a), (a, b)):
                if said in q and old in previous and said not in previous:
                    return previous.replace(old, said)
    return None
