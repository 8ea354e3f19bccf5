"""Whether a fact grounds a question's words: literally, through a synonym, through half
its character pairs, or as a non-word typo one character off (差验 → 查验); which nouns of
a question no fact mentions; and whether a distinctive word anchors a question to a fact.

    >>> g = Grounding(index, by_id, settings, own_names)
    >>> g.coverage(g.content_words("冷冻产品差验要多久"), fact_id)
    1.0

Does not handle: meaning beyond words (a colloquial word with no synonym in the lexicon
and no shared characters stays ungrounded).
"""
from __future__ import annotations

import re

from answering.intent import QUESTION_WORDS
from answering.lexicon import LEXICON
from indexer.search import SearchIndex
from indexer.tokenize import STOP_WORDS, SYNONYMS, base_frequency, normalize
from kb.facts import Fact
from kb.settings import Settings

_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def word_in(word: str, text: str) -> bool:
    """``word``, one of its synonyms, or half its character pairs occur in ``text``."""
    if any(t in text for t in [word, *SYNONYMS.get(word, [])]):
        return True
    pairs = [word[i:i + 2] for i in range(len(word) - 1)]
    return len(pairs) >= 2 and sum(p in text for p in pairs) * 2 >= len(pairs)


class Grounding:
    def __init__(self, index: SearchIndex, by_id: dict[str, Fact], settings: Settings,
                 own_names: frozenset[str] = frozenset()):
        self.index, self.by_id, self.settings, self.own_names = index, by_id, settings, own_names
        self.tokenizer = index.tokenizer
        self._text: dict[str, str] = {}

    def content_words(self, q: str) -> list[str]:
        """The question's own words, without stop words and question words."""
        words = [w for w in self.tokenizer.plain_words(q) if re.search(r"\w", w)]
        return [w for w in words if w not in STOP_WORDS and w not in QUESTION_WORDS and len(w.strip()) >= 2
                and not all(ch in STOP_WORDS for ch in w)]

    def text_of(self, fact_id: str) -> str:
        """A fact's indexed text, normalised (cached)."""
        text = self._text.get(fact_id)
        if text is None:
            text = self._text[fact_id] = normalize(self.by_id[fact_id].index_text())
        return text

    def coverage(self, words: list[str], fact_id: str) -> float:
        """Share of ``words`` the fact's text grounds (so "保正金" still meets 保证金, jieba's
        "保函要" meets 保函, and 差验 meets 查验)."""
        if not words:
            return 0.0  # a question of question words only (多久能办好) grounds nothing
        text = self.text_of(fact_id)
        return sum(1 for w in words if word_in(w, text) or self.typo_in(w, text)) / len(words)

    def typo_in(self, word: str, text: str) -> bool:
        """A word that is no word (差验, 核消) met in ``text`` with one character changed (查验)."""
        if not 2 <= len(word) <= 4 or self.tokenizer.in_dictionary(word) or not _CJK_WORD.fullmatch(word):
            return False
        n = len(word)
        return any(sum(a != b for a, b in zip(word, text[i:i + n])) == 1 for i in range(len(text) - n + 1))

    def anchored(self, q: str, fact_id: str) -> bool:
        """Whether the fact has a distinctive word of the question — one (or its synonym)
        that few facts have (遗体 → 尸体骸骨, 登临) — or covers most of its words."""
        words = self.content_words(q)
        text = self.text_of(fact_id)
        for word in words:
            for term in [word, *SYNONYMS.get(word, [])]:
                df = self.index.document_frequency(term)
                if 0 < df <= self.settings.anchor_facts and term in text:
                    return True
        return bool(words) and self.coverage(words, fact_id) >= self.settings.grounded_coverage

    def unknown_nouns(self, q: str) -> list[str]:
        """Nouns of ``q`` (jieba's part-of-speech tags) that occur nowhere in the knowledge base."""
        return [w for w, flag in self.tokenizer.tagged(q) if flag.startswith("n") and len(w) >= 2
                and w not in QUESTION_WORDS and w not in STOP_WORDS
                and not self.index.knows(w) and w not in SYNONYMS]

    def unknown_subject(self, q: str) -> list[str]:
        """Nouns of the question (jieba's tags, dictionary words) that no fact mentions — not
        as a word of the index, a synonym, or half their character pairs — other than
        question, attribute and own-office words: 咖啡豆 in 咖啡豆关税多少."""
        out = []
        for word, flag in self._asked_nouns(q, ("n", "vn")):
            if flag.startswith("nr") and len(word) < 3 or word in SYNONYMS or self.index.knows(word):
                continue
            if not self.tokenizer.in_dictionary(word):
                continue  # jieba's guess at a new word (货能, 科是), not a word people use
            pairs = [word[i:i + 2] for i in range(len(word) - 1)]
            if sum(self.index.knows("§" + p) for p in pairs) * 2 >= len(pairs):
                continue
            out.append(word)
        return out

    def specific_ungrounded(self, q: str, fact_id: str) -> list[str]:
        """Specific terms of the question — nouns rarer than ``specific_word_freq`` in jieba's
        general dictionary (运费, 增值税, 动植物), or Latin words no fact has — that the fact's
        own text does not ground (literally, by synonym, by half its character pairs, or as a
        typo). Everyday words (公司, 客户, 结果) are common in general Chinese and not counted."""
        text = self.text_of(fact_id)
        out = []
        for word, flag in self._asked_nouns(q, ("n", "vn", "eng", "j")):
            if word_in(word, text) or self.typo_in(word, text):
                continue
            latin = flag == "eng"
            if (latin and not self.index.knows(word)) or \
                    (not latin and 0 < base_frequency(word) < self.settings.specific_word_freq):
                out.append(word)
        return out

    def _asked_nouns(self, q: str, flags: tuple[str, ...]) -> list[tuple[str, str]]:
        """The words of ``q`` (two characters or more) whose part-of-speech tag starts with one
        of ``flags``, other than question, stop, attribute and own-office words."""
        return [(w, f) for w, f in self.tokenizer.tagged(q) if len(w) >= 2 and f.startswith(flags)
                and w not in QUESTION_WORDS and w not in STOP_WORDS and w not in self.own_names
                and w not in LEXICON.attribute_words]
