"""Questions answered by a field, not by similarity: opening hours, the departments, the
office's overview, a document's number, its parts, a defined term. The patterns are data
(``[topics]`` in lexicon.toml). The hours of a place no document is about are refused."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from answering.aggregate import one_off
from answering.intent import DEFINITION, DEPARTMENTS, DOC_NUMBER, OVERVIEW, PARTS, WORKING_HOURS
from answering.lexicon import LEXICON
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
    if getattr(fact, "topic", None) == "overview" and any(d in turn.q or one_off(d, turn.q) for d in bot.departments):
        return None  # 物流监控处都管哪些事: about the department, not the office
    unknown = [w for w in bot.words.unknown_subject(turn.q) if w not in LEXICON.naming_words]  # 都叫什么名字
    if unknown:  # 天津新港海关几点上班: the hours of a place no document is about
        return bot.compose.unmentioned(turn.question, [], unknown, [fact])
    if getattr(fact, "topic", None) == "working_hours" and (place := _other_place(bot, turn.q)):
        # 金普新区政务服务中心周六上不上班: the documents name the place, but the hours are this office's
        return bot.compose.not_found(turn.question, [], f"原文只公布了{bot.scope.issuer_of(fact)}的工作时间，"
                                                        f"没有“{place}”的。", suggest=[fact])
    return bot.compose.answer(turn.question, turn.intent, [fact])


_KINDS_OF_OFFICE = {"海关", "口岸", "关区", "港口", "机场", "窗口", "大厅"}  # say which kind, not which one
_ORGANISATION = re.compile(r"(中心|大厅|局|厅|站|公司|银行|码头|医院|学校)$")


def _other_place(bot: Assistant, q: str) -> str | None:
    """A place or organisation the question names that is not this office (a place name by
    jieba's tags, or a word ending in 中心/局/公司 …), as the noun phrase around it."""
    tagged = bot.tokenizer.tagged(q)
    for i, (word, flag) in enumerate(tagged):
        if (flag.startswith("ns") or flag == "nt" or _ORGANISATION.search(word)) and len(word) >= 2 \
                and word not in _KINDS_OF_OFFICE and word not in bot.own_names \
                and not any(word in office for office in bot.scope.offices):
            return _noun_phrase(tagged, i, bot.own_names)
    return None


def _noun_phrase(tagged: list[tuple[str, str]], i: int, own: frozenset[str]) -> str:
    """The nouns around ``tagged[i]`` (金普 新区 政务 服务中心), not reaching into the office's name."""
    start, end = i, i
    while start > 0 and tagged[start - 1][1].startswith("n") and tagged[start - 1][0] not in own:
        start -= 1
    while end + 1 < len(tagged) and tagged[end + 1][1].startswith("n"):
        end += 1
    return "".join(w for w, _ in tagged[start:end + 1])


def topic_fact(bot: Assistant, q: str) -> Fact | None:
    for pattern, topic in ((WORKING_HOURS, "working_hours"), (DEPARTMENTS, "departments"),
                           (OVERVIEW, "overview"), (DOC_NUMBER, "doc_number"), (PARTS, "parts")):
        if pattern.search(q):
            found = [f for (t, _), f in bot.info.items() if t == topic]
            if found:
                return found[0]
    for title, fact in bot.definitions:
        if q == title or (title in q and DEFINITION.search(q)):
            return fact
    return None
