"""The subject of a question: the things it names and the acts the documents name, without
the words that ask for an attribute or only point at the conversation.

    >>> subject_words(bot, "出口转关施封怎么办")
    ['转关', '施封']
    >>> subject_words(bot, "批下来要多少天")      # no subject of its own: a follow-up
    []
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from answering import followup
from answering.intent import INTENTS, QUESTION_WORDS
from answering.lexicon import LEXICON
from indexer.tokenize import STOP_WORDS, SYNONYMS, base_frequency, normalize

if TYPE_CHECKING:
    from answering.assistant import Assistant

EVERYDAY = 10000  # a noun this common in general Chinese (jieba's dictionary count) names no subject


def subject_words(bot: Assistant, q: str, contrasts: bool = False) -> list[str]:
    """The question's own subject: the things it names (nouns by jieba's tags, one-character
    ones too: 车, 证) and the acts the documents name (调档, 施封), less the words that ask
    for an attribute (流程, 材料 — the intent patterns and attribute words), everyday nouns
    no title has (结果, 公司), and words that only refer to the conversation (a department
    named, 那个, and — unless ``contrasts`` — a contrast word: 出口 in 出口的呢)."""
    contrast = set() if contrasts else {w for pair in followup.CONTRAST for w in pair}
    named = [d for d in bot.departments if d in q or d.removesuffix("处") in q]  # 保税监管处那个
    out = []
    tagged = bot.tokenizer.tagged(q)
    seen = {w for w, _ in tagged}
    # the plain cut may find a word of the documents the tagger splits (审单 in 审单要多久: 审 / 单要)
    tagged += [(w, "x") for w in bot.words.content_words(q) if w not in seen and bot.index.knows(w)]
    for word, flag in tagged:
        thing = flag.startswith("n") or flag in ("vn", "eng", "j", "i", "x")  # x: the domain dictionary; i: 走私罪
        if len(word) < 2:
            if flag != "n" or any(word in name for name in bot.own_names) \
                    or any(len(w) > 1 and word in w and w in q for w in QUESTION_WORDS):
                continue  # 海 of 海淘 (cut in two): titles have it only in 海关; 交 of 要交 asks
        elif not re.search(r"\w", word) or not (thing or bot.index.knows(word) or word in SYNONYMS):
            continue  # a verb the documents do not use (批下来) is no subject; one they use (调档, 施封) is
        elif not (bot.tokenizer.in_dictionary(word) or bot.index.knows(word) or word in SYNONYMS):
            continue  # jieba's guess at a new word (货被 in 货被抽中) names nothing
        if asks_only(bot, word) or (base_frequency(word) >= EVERYDAY and not in_titles(bot, word)):
            continue  # 结果, 公司, 海关: every question has them; they name no subject (卫生 in a title does)
        if word in contrast or word in followup.REFERENCE_WORDS or any(word in d for d in named) \
                or word in STOP_WORDS or word in QUESTION_WORDS:
            continue
        out.append(word)
    if any(len(w) > 1 for w in out):  # 货 in 货被抽中检验了: a one-character noun only when nothing longer is named
        out = [w for w in out if len(w) > 1]
    return out


def asks_only(bot: Assistant, word: str) -> bool:
    """Whether ``word`` only asks or frames a question, naming nothing: the office's own name,
    a word most services have (申请, 单据), an attribute word (流程, 材料) or an intent's form."""
    return word in bot.own_names or word in bot.generic_words or word in LEXICON.attribute_words \
        or any(p.fullmatch(word) for _, p in INTENTS)


def qualifiers(bot: Assistant, q: str, words: list[str], title: str) -> list[str]:
    """The ``words`` that only qualify a thing ``title`` (normalised) has: each opens a
    compound noun (no noun before it) right before a word of the question the title has —
    平行 in 平行进口车 when the title is 进口机动车辆检验流程. The title then answers for the
    wider thing. Inside a compound the word names another kind (国籍 in 船舶国籍证书 is no
    船舶卫生证书); before 的 it says whose (家人的遗体), which qualifies nothing."""
    return [w for w, compound in _before_titled(bot, q, words, title) if not compound]


def other_kinds(bot: Assistant, q: str, words: list[str], title: str) -> list[str]:
    """The compounds in which one of ``words`` names another kind of a thing ``title``
    (normalised) has, standing after a noun and right before a word the title has —
    船舶国籍证书 (国籍) when the title is a ship's sanitation certificate's."""
    return [compound for _, compound in _before_titled(bot, q, words, title) if compound]


def _before_titled(bot: Assistant, q: str, words: list[str], title: str) -> list[tuple[str, str]]:
    """Each of ``words`` — a common noun or a Latin name (not a place word: 回国 in
    遗体要运回国入境) — right before a word of ``q`` that ``title`` has, with the compound noun
    it is inside ("" when none): right after a noun of two characters or more (not a
    verb-noun such as 出口, nor 运 there, a verb jieba tags as a noun)."""
    tagged = bot.tokenizer.tagged(q)
    out = []
    for i, (word, flag) in enumerate(tagged):
        after = tagged[i + 1][0] if i + 1 < len(tagged) else ""
        if word not in words or flag not in ("n", "nz", "vn", "eng") or len(after) < 2 or after in words \
                or not title_has(bot, after, title):
            continue
        before, before_flag = tagged[i - 1] if i else ("", "")
        inside = len(before) > 1 and before_flag.startswith(("n", "j")) and before_flag not in ("nr", "ns")
        out.append((word, before + word + after if inside else ""))
    return out


def in_titles(bot: Assistant, word: str) -> list[str]:
    """Titles of services that have ``word`` (see ``title_has``)."""
    forms = _forms(bot, word)
    return [title for title, normal, covered in bot.service_titles if _has(forms, normal, covered)]


def title_has(bot: Assistant, word: str, title: str) -> bool:
    """Whether ``title`` (normalised) has ``word``: literally or as a synonym, through a wider
    word that covers it (出入境 for 出境), or as every word of a compound (卫生证书: 卫生 … 证书)."""
    return _has(_forms(bot, word), title)


def _forms(bot: Assistant, word: str) -> tuple[list[str], list[str]]:
    """``word`` and its synonyms, and its parts when it is a compound (卫生证书 → 卫生, 证书)."""
    parts = [w for w in bot.tokenizer.words_of(word) if len(w) == 2 and w != word]
    return [word, *SYNONYMS.get(word, [])], parts


def _has(forms: tuple[list[str], list[str]], title: str, covered: list[str] | None = None) -> bool:
    """Whether ``title`` (normalised; ``covered``: the words it covers, when known) has one of the forms."""
    terms, parts = forms
    covered = LEXICON.covered_in(title) if covered is None else covered
    return any(t in title or t in covered for t in terms) or (len(parts) >= 2 and all(p in title for p in parts))
