"""After the pipeline: hold the answer to what its fact states. A question about an
attribute (fees, contact, validity … — ``[attributes.*]`` in lexicon.toml) that the fact
does not state is refused, naming what the source does not publish; a clarification is
narrowed to the candidates that state it — or, for a comparison, answered with each
candidate's card side by side."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from answering.lexicon import LEXICON
from answering.resolvers import Turn
from answering.resolvers.retrieval import retrieve
from answering.types import Answer, Intent, Status
from kb.facts import Fact, Service

if TYPE_CHECKING:
    from answering.assistant import Assistant


def hold(bot: Assistant, turn: Turn, answer: Answer) -> Answer:
    if answer.status == Status.not_found or answer.intent == Intent.aggregate:
        return answer
    attribute = LEXICON.asked_attribute(turn.q, answer.intent.value if answer.intent else None)
    if attribute is None:
        return answer
    facts = answer.facts or answer.candidates
    stating = [f for f in facts if attribute.stated_by(f)]
    if stating and answer.facts:
        return answer
    intent = answer.intent or Intent.lookup
    sides = _sides(bot, turn, intent) if attribute.side_by_side and not stating else []
    if len(sides) >= 2:
        # 有纸和无纸调档有什么区别: the source compares nothing, but each side is a fact of its own
        return bot.compose.side_by_side(turn.question, intent, sides,
                                        "原文没有对这几项作比较；以下是各项各自的内容，可以对照：")
    if len(stating) > 1:
        return bot.compose.clarify(turn.question, intent, stating)
    if stating:
        return bot.compose.answer(turn.question, intent, stating)
    what = "、".join(dict.fromkeys(f"“{f.title}”" for f in facts[:3]))
    return bot.compose.not_found(turn.question, answer.retrieved or [f.id for f in facts],
                                 f"原文没有公布{what}的{attribute.label}，知识库中没有这方面的内容。",
                                 suggest=facts[:3])


def _sides(bot: Assistant, turn: Turn, intent: Intent) -> list[Fact]:
    """The services the two sides of a comparison (A和B有什么区别) are each answered by, when
    both are and they differ."""
    m = re.match(r"(.+?)(?:和|与|跟|同|还是|、)(.+?)(?:有|的|之间|相比|比)", turn.q)
    if not m:
        return []
    found: list[Fact] = []
    for side in m.groups():
        answer = retrieve(bot, side, side, intent)
        if answer.status != Status.answered or not isinstance(answer.main, Service):
            return []  # procedures compare (time, documents); two loosely matched measures do not
        found.append(answer.main)
    return found if found[0].id != found[1].id else []
