"""Questions answered by a field, not by similarity: opening hours, the departments, the
office's overview, a document's number, its parts, a defined term. The patterns are data
(``[topics]`` in lexicon.toml). The hours of a place no document is about are refused."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering.intent import DEFINITION, DEPARTMENTS, DOC_NUMBER, OVERVIEW, PARTS, WORKING_HOURS
from answering.resolvers import Turn
from answering.types import Answer
from indexer.tokenize import normalize
from kb.facts import Fact

if TYPE_CHECKING:
    from answering.assistant import Assistant


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    fact = topic_fact(bot, turn.q)
    if fact is None:
        return None
    unknown = bot.words.unknown_subject(turn.q)
    if unknown:  # 天津新港海关几点上班: the hours of a place no document is about
        return bot.compose.unmentioned(turn.question, [], unknown, [fact])
    return bot.compose.answer(turn.question, turn.intent, [fact])


def topic_fact(bot: Assistant, q: str) -> Fact | None:
    for pattern, topic in ((WORKING_HOURS, "working_hours"), (DEPARTMENTS, "departments"),
                           (OVERVIEW, "overview"), (DOC_NUMBER, "doc_number"), (PARTS, "parts")):
        if pattern.search(q):
            found = [f for (t, _), f in bot.info.items() if t == topic]
            if found:
                return found[0]
    for (topic, title), fact in bot.info.items():
        if topic == "definition" and (q == normalize(title) or (normalize(title) in q and DEFINITION.search(q))):
            return fact
    return None
