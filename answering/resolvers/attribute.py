"""After the pipeline: hold the answer to what its fact states. A question about an
attribute (fees, contact, validity … — ``[attributes.*]`` in lexicon.toml) that the fact
does not state is refused, naming what the source does not publish; a clarification is
narrowed to the candidates that state it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering.lexicon import LEXICON
from answering.resolvers import Turn
from answering.types import Answer, Intent, Status

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
    if len(stating) > 1:
        return bot.compose.clarify(turn.question, intent, stating)
    if stating:
        return bot.compose.answer(turn.question, intent, stating)
    what = "、".join(dict.fromkeys(f"“{f.title}”" for f in facts[:3]))
    return bot.compose.not_found(turn.question, answer.retrieved or [f.id for f in facts],
                                 f"原文没有公布{what}的{attribute.label}，知识库中没有这方面的内容。",
                                 suggest=facts[:3])
