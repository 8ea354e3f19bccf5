"""A short turn that names nothing to ask about — only what it asks (多久能办好, 要准备啥资料,
归哪个处: a follow-up) — with no earlier turn to take the subject from: the user is asked which procedure,
with example questions, instead of an answer about whatever its question words happen to
match.

    >>> no_subject.resolve(bot, Turn.of("多久能办好", [], 500)).answer[:12]
    '请问您问的是哪一项业务或事项？'
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering import followup
from answering.resolvers import Turn
from answering.subject import asks_only, subject_words
from answering.types import Answer

if TYPE_CHECKING:
    from answering.assistant import Assistant

ASK_SUBJECT = ("请问您问的是哪一项业务或事项？"
               "这个问题没有说明办的是什么，请连同业务名称一起问")


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    if turn.history or not turn.q or not followup.looks_like_followup(turn.q) \
            or subject_words(bot, turn.q, contrasts=True):
        return None
    own = [w for w in bot.words.content_words(turn.q) if not asks_only(bot, w)]
    if own and not followup.refers_back(turn.q):
        return None  # 大窑湾海关下面都有哪些处: words of its own, for the later resolvers
    examples = "、".join(f"“{e}”" for e in bot.scope.examples[:3])
    return bot.compose.message(turn.question, ASK_SUBJECT + (f"，例如{examples}。" if examples else "。"))
