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


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's own dictionary (word → frequency, total), loaded once per process."""
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def base_frequency(word: str) -> int:
    """How common ``word`` is in general Chinese: its count in jieba's own dictionary (0 when
    it is not a word there)."""
    return _base_dictionary()[0].get(word, 0)


def _fresh_jieba() -> jieba.Tokenizer:
    """A jieba tokenizer on its own copy of the base dictionary, so domain words added to
    it stay its own, without loading the dictionary file again (~0.6 s each time)."""
    freq, total = _base_dictionary()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(freq), total, True
    return tk


class Tokenizer:
    def __init__(self, words: list[str]):
        self.words = sorted({normalize(w) for w in words if 2 <= len(w) <= 16})
        self._tagger: Any = None  # jieba.posseg.POSTokenizer, made on first use
        self._jieba = _fresh_jieba()
        for w in self.words:
            self._jieba.add_word(w, freq=50000)
        for w, targets in SYNONYMS.items():
            for t in [w, *targets]:
                self._jieba.add_word(t, freq=30000)

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
            import jieba.posseg  # its import reads the tags of jieba's dictionary once (~0.8 s) …

            # … and a POSTokenizer() would read them again: share that table (read-only here —
            # the domain words are added without tags) over this tokenizer's dictionary
            tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
            tagger.tokenizer = self._jieba
            tagger.word_tag_tab = jieba.posseg.dt.word_tag_tab
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
        text = normalize(text)
        return [w.strip() for w in self._jieba.cut_for_search(text) if w.strip() and re.search(r"\w", w)]

    @lru_cache(maxsize=512)
    def _segmented(self, target: str) -> tuple[str, ...]:
        """A synonym's target as the index has it: the target itself and its words, so
        that 进口车 → 进口机动车辆 meets a title that jieba split into 进口 / 机动 / 车辆."""
        return tuple(dict.fromkeys([target] + [w for w in self.words_of(target) if w not in STOP_WORDS]))

    def tokens(self, text: str, bigrams: bool = True) -> list[str]:
        words = self.words_of(text)
        out = [w for w in words if w not in STOP_WORDS]
        for w in words:
            for target in SYNONYMS.get(w, []):
                out += self._segmented(target)
        if bigrams:
            out += _bigrams(normalize(text))
        return out
