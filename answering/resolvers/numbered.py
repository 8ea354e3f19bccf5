"""第十五条, 措施12, 任务5: the numbered fact of the document the question names, or of the
document the conversation is about, or the only document with that number; when several
documents have it, the user is asked which."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from answering.intent import MEASURE_NO, TASK_NO
from answering.resolvers import Turn
from answering.types import Answer
from kb.facts import Fact
from kb.parse.numbering import to_int

if TYPE_CHECKING:
    from answering.assistant import Assistant


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    q = turn.q
    kinds: tuple[str, ...]
    if m := TASK_NO.search(q):
        kinds = ("plan_task",)
    elif (m := MEASURE_NO.search(q)) and re.search(r"措施|条|measure", q):
        kinds = ("measure",) if re.search(r"措施|measure", q) else ("measure", "provision")
    else:
        return None
    n = to_int(next(g for g in m.groups() if g))
    found: list[Fact] = [f for (kind, _, number), f in bot.numbered.items() if kind in kinds and number == n]
    if len(found) > 1:
        named = docs_named(bot, q[:m.start()])
        found = [f for f in found if f.citation.doc in named] or found
    if len(found) > 1 and turn.history:
        earlier = bot.resolve(turn.history[-1], turn.history[:-1])
        talked = {f.citation.doc for f in earlier.facts + earlier.candidates}
        found = [f for f in found if f.citation.doc in talked] or found
    if not found:
        return None
    if len(found) == 1:
        return bot.compose.answer(turn.question, turn.intent, found)
    return bot.compose.clarify(turn.question, turn.intent, found,
                               prompt=f"有{len(found)}个文件都有第{n}条，请问是哪一个文件的？（可以回复文件名称）")


def docs_named(bot: Assistant, text: str, anywhere: bool = False) -> set[str]:
    """Documents whose title, short name or alias ``text`` names: the longest ending of
    ``text`` (two or more characters) found in a name — or, ``anywhere``, the longest
    piece of three or more characters anywhere in it."""
    text = re.sub(r'[《》〈〉“”"\s]', "", text)
    if anywhere:
        pieces = [text[i:i + size] for size in range(len(text), 2, -1) for i in range(len(text) - size + 1)]
    else:
        pieces = [text[i:] for i in range(max(0, len(text) - 16), len(text) - 1)]
    for piece in pieces:
        docs = {doc for doc, names in bot.doc_names.items() if any(piece in name for name in names)}
        if docs:
            return docs
    return set()


GENRE_TAIL = 4  # a document named by the last characters of its title (实施方案, 惠企措施) needs this many


def doc_by_title_tail(bot: Assistant, q: str) -> str | None:
    """The one document the question names by the end of its title (…工作实施方案 → 实施方案里有
    说法吗; years and brackets left out), when no other document's title ends the same way."""
    for size in range(8, GENRE_TAIL - 1, -1):
        docs = {doc for doc, names in bot.doc_names.items() for name in names
                if len(tail := re.sub(r"[(（][^)）]*[)）]$", "", name)[-size:]) == size and tail in q}
        if len(docs) == 1:
            return docs.pop()
        if docs:
            return None
    return None
