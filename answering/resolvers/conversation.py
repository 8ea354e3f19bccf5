"""The conversation, read only when a turn needs it: a turn that is a complete question
(a subject of its own, no word referring back) is answered on its own; earlier turns are
used when the turn refers back (那…, …呢, 这个, 上一条, 第二个 — data in lexicon.toml), lacks a
subject, or alone finds nothing — and then may only pick among what the turn found alone.
An answer that used the conversation says so in one line (接上一问：…)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering import followup
from answering.aggregate import LIST_WORDS
from answering.grounding import word_in
from answering.intent import QUESTION_WORDS, clean_question
from answering.resolvers import Turn
from answering.resolvers.numbered import docs_named
from answering.resolvers.retrieval import core_title, pairs, retrieve
from answering.subject import subject_words
from answering.types import Answer, Intent, Status
from indexer.tokenize import normalize
from kb.facts import NumberedFact

if TYPE_CHECKING:
    from answering.assistant import Assistant

GENERIC_TITLES = 3  # a word in this many service titles is a generic subject (备案)


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    if not turn.history:
        return None
    subject = subject_words(bot, turn.q)
    # a short turn, one referring back, or several short questions naming nothing (每次能延多久？最多能延几回)
    if not followup.looks_like_followup(turn.q) and (subject or not followup.short_questions(turn.q)):
        return None
    alone = None
    # a long turn naming its own subject is a question of its own even when it opens with 那个
    # (那个2022-2024实施方案里，出口退税要压到几天): the conversation may only narrow a generic one
    complete = len(turn.q) > followup.FOLLOWUP_MAX_CHARS and bool(subject) \
        and not followup.refers_back_past_opening(turn.q)
    if (subject or LIST_WORDS.search(turn.q)) and (complete or not followup.refers_back(turn.q)):
        alone = bot.resolve(turn.question, [])
        if alone.status == Status.answered and not generic(bot, subject):
            return alone
    answer = read_with_context(bot, turn, subject)
    if answer is None or not context_fits(answer, alone, turn.history[-1]):
        return alone
    if alone is not None and alone.status == Status.not_found and answer.main is not None \
            and not all(word_in(w, bot.words.text_of(answer.main.id)) for w in subject):
        return alone  # nothing answers the turn, and the earlier topic does not mention its subject either
    return with_context(answer)


def read_with_context(bot: Assistant, turn: Turn, subject: list[str]) -> Answer | None:
    """The turn read against the latest earlier turn (itself resolved with its own history);
    ``subject``: the turn's own subject words (answering.subject)."""
    question, q, history = turn.question, turn.q, turn.history
    before = bot.resolve(history[-1], history[:-1])
    prev_q = topic_text(bot, history)
    main = before.main
    if isinstance(main, NumberedFact):
        n = followup.numbered_shift(q, main.number)
        key = (main.kind, main.citation.doc, n)
        if n is not None and key in bot.numbered:
            return bot.compose.answer(question, Intent(main.kind), [bot.numbered[key]])
    intent = turn.intent if turn.intent != Intent.lookup else (before.intent or Intent.lookup)
    if before.status == Status.clarify and (n := followup.ordinal(q)) and 0 < n <= len(before.candidates):
        return bot.compose.answer(question, intent, [before.candidates[n - 1]])  # "第二个"
    if before.status == Status.clarify and len({c.citation.doc for c in before.candidates}) > 1:
        named = docs_named(bot, q, anywhere=True)  # "稽查条例那个" after "which document's 第十五条?"
        picked = [c for c in before.candidates if c.citation.doc in named]
        if len(picked) == 1:
            return bot.compose.answer(question, intent, picked)
    # the other side of a contrast, in the topic's turns (冻品 / 查验要多久 / 那检验呢) or an earlier one
    swapped = followup.contrast_shift(q, [prev_q]) or followup.contrast_shift(q, [clean_question(h) for h in history])
    if swapped:
        return retrieve(bot, question, swapped, intent)
    dept = next((d for d in bot.departments if d in q), None)
    options = before.candidates or before.facts
    if dept and options:
        same = [c for c in options if getattr(c, "department", None) == dept]
        if same:
            return bot.compose.answer(question, intent, [same[0]])
        return retrieve(bot, question, prev_q, intent, department=dept)
    if bot.words.unknown_nouns(q) and not domain_words(bot, q):
        return None  # names a thing the knowledge base does not know (护照呢): a new question
    if subject:
        # a new subject, or the same one narrowed: the earlier turn's words decide
        # between readings of the new turn, but never pull in a fact it does not fit
        alone = retrieve(bot, question, q, intent)
        together = retrieve(bot, question, prev_q + " " + q, intent)
        if alone.status == Status.not_found or (together.status != Status.not_found and together.retrieved
                                                and together.retrieved[0] in alone.retrieved[:5]):
            return together
        return alone
    if before.status == Status.clarify:
        return bot.compose.clarify(question, intent, before.candidates)
    if main is not None:
        return bot.compose.answer(question, intent, [main])
    return None


def topic_text(bot: Assistant, history: list[str]) -> str:
    """The earlier turns that carry the conversation's topic: the latest one, and before it
    every turn back to the latest that names a subject of its own (我们进口一批冻品 / 查验要多久:
    both, the second has none)."""
    turns = [clean_question(h) for h in history]
    start = next((i for i in range(len(turns) - 1, -1, -1) if subject_words(bot, normalize(turns[i]))),
                 len(turns) - 1)
    return " ".join(turns[start:])


def generic(bot: Assistant, subject: list[str]) -> bool:
    """A subject every word of which names several services (备案, 查验): the conversation
    may narrow it."""
    return bool(subject) and all(sum(1 for s in bot.services if w in bot.normal_titles[s.id]) >= GENERIC_TITLES
                                 for w in subject)


def context_fits(answer: Answer, alone: Answer | None, earlier: str) -> bool:
    """Whether the reading with the conversation may replace the turn's own answer: it
    answers, and (when the turn alone found something) it is one of what the turn found;
    a choice among the turn's own candidates only when the earlier turn names what sets
    it apart (its department, or title words the others lack)."""
    if alone is None:
        return True
    if answer.status != Status.answered or answer.main is None:
        return False
    if alone.status == Status.clarify:
        main = answer.main
        if main.id not in {c.id for c in alone.candidates}:
            return False
        said = clean_question(earlier)
        department = getattr(main, "department", "")
        others = set().union(*(pairs(core_title(c.title)) for c in alone.candidates if c.id != main.id))
        return bool(department and department in said) or bool((pairs(core_title(main.title)) - others) & pairs(said))
    return alone.status == Status.not_found or answer.main.id in set(alone.retrieved[:5])


def with_context(answer: Answer) -> Answer:
    """Say in one line that the earlier turn was used: 接上一问：船舶吨税执照业务."""
    if answer.status == Status.answered and answer.main is not None:
        lead, _, rest = answer.answer.partition("\n\n")  # the line that answers stays first
        answer.answer = "\n\n".join(p for p in (lead, f"*接上一问：{answer.main.title}*", rest) if p)
    return answer


def domain_words(bot: Assistant, q: str) -> list[str]:
    """Words of the knowledge base's own vocabulary (titles, departments, synonyms) in ``q``."""
    return [w for w in bot.tokenizer.words_of(q) if w in bot.domain_words and w not in QUESTION_WORDS]
