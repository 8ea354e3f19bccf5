"""A department the office lists (its 内设机构 list) but publishes no procedures for is
named: the answer is that list, saying that nothing of the department's work is published —
never another department's service.

    >>> silent_department.resolve(bot, Turn.of("查检一处都负责哪些业务", [], 500)).answer[:22]
    '“查检一处”是原文所列的内设机构之一，但原文没有'
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from answering.resolvers import Turn
from answering.types import Answer, Intent
from indexer.tokenize import base_frequency
from kb.facts import Fact, Info

if TYPE_CHECKING:
    from answering.assistant import Assistant

EVERYDAY = 1000  # a name this common in general Chinese (办公室) is not taken to mean the department


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    named = [d for d in silent(bot) if d in turn.q]
    if not named or any(d in turn.q for d in bot.departments):
        return None
    listing: list[Fact] = [f for f in bot.facts if isinstance(f, Info) and f.topic == "departments"]
    if not listing:
        return None
    answer = bot.compose.answer(turn.question, Intent.lookup, listing[:1])
    answer.answer = f"“{named[0]}”是原文所列的内设机构之一，但原文没有公布它办理的业务、流程或时限。\n\n{answer.answer}"
    return answer


@lru_cache(maxsize=8)  # per assistant: its facts do not change
def silent(bot: Assistant) -> tuple[str, ...]:
    """The departments of the office's department list that no service belongs to (names
    without their bracketed other name: 办公室（党委办公室） → 办公室)."""
    listed = {re.sub(r"[（(].*?[）)]", "", item).strip() for f in bot.facts
              if isinstance(f, Info) and f.topic == "departments" for item in f.items}
    return tuple(sorted((d for d in listed if base_frequency(d) < EVERYDAY and d not in bot.departments
                   and not any(d in s or s in d for s in bot.departments)), key=len, reverse=True))
