"""One tokenizer for the index and the query: normalise, segment with jieba and a domain
dictionary built from the knowledge base, expand colloquial synonyms, drop stop words.

    >>> tok = Tokenizer.from_facts(facts)
    >>> tok.tokens("報關單填錯了想改")
    ['报关单', '填错', '改', '修撤', …]

Normalisation: NFKC (full-width → half-width), Traditional → Simplified (the OpenCC library),
lower case. The synonyms and stop words are data (``lexicon.toml``). Besides words, CJK character bigrams are emitted (prefixed "§") so that a
typo in one character still leaves most of a term matchable.
Does not handle: pinyin input, English beyond lower-cased words.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba
from pydantic import BaseModel

from indexer.jieba_tables import import_posseg, shared_tables
from kb.facts import Fact, Service
from kb.lexicon import load_lexicon
from kb.parse.script import to_simplified

jieba.setLogLevel(logging.WARNING)

LEXICON = Path(__file__).with_name("lexicon.toml")


class _Lexicon(BaseModel):
    synonyms: dict[str, list[str]]  # colloquial or short form → the knowledge base's own words
    stop_words: dict[str, list[str]]


_LEX = load_lexicon(LEXICON, _Lexicon)
SYNONYMS: dict[str, list[str]] = _LEX.synonyms
STOP_WORDS: set[str] = set(_LEX.stop_words.get("words", []))
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SYSTEM_NAME = re.compile(r"[A-Za-z]+\d+[A-Za-z\d]*")


def normalize(text: str) -> str:
    """NFKC, Simplified, lower case; lone surrogates (not text, and OpenCC cannot take them) dropped."""
    text = _SURROGATE.sub("", unicodedata.normalize("NFKC", text))
    return to_simplified(text).lower()


def _bigrams(text: str) -> list[str]:
    out = []
    for run in _CJK.findall(text):
        out += ["§" + run[i:i + 2] for i in range(len(run) - 1)]
    return out


def base_frequency(word: str) -> int:
    """How common ``word`` is in general Chinese: its count in jieba's own dictionary (0 when
    it is not a word there)."""
    return shared_tables().frequency(word)


class Tokenizer:
    def __init__(self, words: list[str]):
        self.words = sorted({normalize(w) for w in words if 2 <= len(w) <= 16})
        self._tagger: Any = None  # jieba.posseg.POSTokenizer, made on first use
        tables = shared_tables()
        freq, self._changed = tables.take()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = freq, tables.total, True
        for w in self.words:
            self._add(w, 50000)
        for w, targets in SYNONYMS.items():
            for t in [w, *targets]:
                self._add(t, 30000)

    def _add(self, word: str, freq: int) -> None:
        """A domain word added to jieba's table, recording the general values it replaces
        (the word's and its prefixes') when the table is the process's shared one."""
        if self._changed is not None:
            for prefix in (word[:i] for i in range(1, len(word) + 1)):
                if prefix not in self._changed:
                    self._changed[prefix] = self._jieba.FREQ.get(prefix)
        self._jieba.add_word(word, freq=freq)

    @classmethod
    def from_facts(cls, facts: list[Fact]) -> Tokenizer:
        words: list[str] = []
        for f in facts:
            words.append(f.title)
            if isinstance(f, Service):
                words.append(f.department)
                words += [d for d in f.documents if len(d) <= 12]
                words += re.split(r"[、，,]", f.title)
            words += _SYSTEM_NAME.findall(f.text)
        return cls(words)

    @property
    def dictionary_hash(self) -> str:
        return hashlib.sha256("\n".join(self.words + sorted(SYNONYMS)).encode()).hexdigest()[:16]

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs from jieba's tagger over this tokenizer's dictionary
        (the answering rules ask for one question's tags several times: cached)."""
        return list(self._tags(text))

    @lru_cache(maxsize=1024)
    def _tags(self, text: str) -> tuple[tuple[str, str], ...]:
        if self._tagger is None:
            posseg = import_posseg()
            tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)  # not __init__: it would read the tags again
            tagger.tokenizer = self._jieba
            tagger.word_tag_tab = shared_tables().tags  # read-only here: domain words are added without tags
            self._tagger = tagger
        return tuple((p.word, p.flag) for p in self._tagger.lcut(normalize(text)))

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is a word of jieba's dictionary or the domain dictionary (not a
        new word its HMM guessed)."""
        return bool(self._jieba.FREQ.get(word))

    def plain_words(self, text: str) -> list[str]:
        """jieba's ordinary segmentation (each character in one word), normalised."""
        return self._jieba.lcut(normalize(text))

    def words_of(self, text: str) -> list[str]:
        return self._words(normalize(text))

    def _words(self, text: str) -> list[str]:
        """jieba's search-mode words of ``text``, already normalised."""
        return [w.strip() for w in self._jieba.cut_for_search(text) if w.strip() and re.search(r"\w", w)]

    @lru_cache(maxsize=512)
    def _segmented(self, target: str) -> tuple[str, ...]:
        """A synonym's target as the index has it: the target itself and its words, so
        that 进口车 → 进口机动车辆 meets a title that jieba split into 进口 / 机动 / 车辆."""
        return tuple(dict.fromkeys([target] + [w for w in self.words_of(target) if w not in STOP_WORDS]))

    def tokens(self, text: str, bigrams: bool = True) -> list[str]:
        text = normalize(text)  # once: OpenCC is a good part of a build's time
        words = self._words(text)
        out = [w for w in words if w not in STOP_WORDS]
        for w in words:
            for target in SYNONYMS.get(w, []):
                out += self._segmented(target)
        if bigrams:
            out += _bigrams(text)
        return out
