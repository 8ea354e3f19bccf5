"""Questions asked in English, read into Chinese through a glossary (data: ``english.toml``,
plus the office's own ``<corpus dir>/english.toml`` for its place and office names), so
that they go through the same pipeline as Chinese ones: the same grounding, attributes,
clarifications and refusals.

    >>> English.load().read("How long does the customs valuation take?")
    Reading(text='多久审价', unknown=(), dropped=())

A word the glossary does not know is first taken for a misspelt glossary word when it is
close to one (declaraton → declaration). Otherwise, when it may name a thing — a noun by
an English dictionary (answering/english_words.py, from lemminflect's; bicycle, supplier) or a word that dictionary does not
have (Qingdao, smartwatch) — it is kept in ``unknown``, and the assistant does not answer
from the reading: a question about a thing the glossary cannot name must not be answered
as if it were about the rest of its words. A verb, adjective or adverb it does not know
(rejected, urgent) says how or when, not what about: it is ``dropped`` and shown.

Does not handle: word order beyond phrase by phrase (the Chinese reading keeps the
English order, which BM25 and the grounding do not depend on), irregular inflections not
listed in the glossary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, field_validator

from answering.english_words import classes, past_verb
from kb.lexicon import check_patterns, load_lexicon

PATH = Path(__file__).with_name("english.toml")
FILE_NAME = "english.toml"
MAX_PHRASE = 6  # words in the longest glossary phrase that is looked for
TYPO_MIN_LENGTH = 6  # shorter unknown words are not taken for misspellings
TYPO_SIMILARITY = 0.85  # difflib ratio to a glossary word for a misspelling of it
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[0-9]+(?:\.[0-9]+)?|[\u4e00-\u9fff]+", re.I)


class _Model(BaseModel):
    patterns: dict[str, str] = {}  # regular expression (case-insensitive) → its reading
    terms: dict[str, list[str]] = {}  # Chinese wording → the English phrases that say it
    ignore: dict[str, list[str]] = {}  # words that carry nothing for the answer (the, please …)

    @field_validator("ignore")
    @classmethod
    def _single_words(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        phrases = [w for words in value.values() for w in words if len(_WORD.findall(w)) != 1]
        if phrases:
            raise ValueError("ignore lists single words; put phrases under [terms] with \"\" as their "
                             f"wording: {phrases}")
        return value

    @field_validator("terms")
    @classmethod
    def _each_phrase_once(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        wording: dict[tuple[str, ...], str] = {}
        twice = []
        for chinese, phrases in value.items():
            for phrase in phrases:
                if wording.setdefault(_key(phrase), chinese) != chinese:
                    twice.append(f"{phrase!r} ({wording[_key(phrase)]}, {chinese})")
        if twice:
            raise ValueError(f"a phrase (or its singular form) is listed under two wordings: {'; '.join(twice)}")
        return value

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: dict[str, str]) -> dict[str, str]:
        check_patterns(value)
        return value


@dataclass(frozen=True)
class Reading:
    text: str  # the Chinese reading, in the order of the English phrases
    unknown: tuple[str, ...]  # words the glossary does not know that may name a thing
    dropped: tuple[str, ...] = ()  # verbs, adjectives, adverbs it does not know, left out


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A plural or a possessive folded to the singular (vessels → vessel, companies →
    company, boxes → box, ship's → ship) and a past participle that is not also an
    adjective to its verb (submitted → submit, lodged → lodge; bonded stays); other words
    unchanged."""
    word = re.sub(r"'s$", "", word)
    verb = past_verb(word) if word.endswith("ed") else None  # bonded, registered stay: adjectives of their own
    if verb:
        return verb
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(?:ch|sh|ss|x|z)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not re.search(r"(?:ss|us|is)$", word):
        return word[:-1]
    return word


def names_a_thing(word: str) -> bool:
    """Whether an English word may name a thing: a noun that is not also an adjective or
    an adverb (supplier, bicycle; not inside, special), or a word the dictionary lacks
    (Qingdao, smartwatch). Single letters name nothing."""
    if len(word) < 2:
        return False
    kinds = classes(word.lower())
    return not kinds or ("N" in kinds and "A" not in kinds and "R" not in kinds)


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(phrase.lower()))


class English:
    def __init__(self, patterns: dict[str, str], terms: dict[str, list[str]], ignore: set[str]):
        self.patterns = [(re.compile(p, re.I), r) for p, r in patterns.items()]
        self.phrases: dict[tuple[str, ...], str] = {}
        for chinese, phrases in terms.items():
            for phrase in phrases:
                self.phrases[_key(phrase)] = chinese
        self.ignore = {stem(w) for w in ignore}
        self.vocabulary = sorted({k[0] for k in self.phrases if len(k) == 1 and k[0].isalpha()} | self.ignore)

    @classmethod
    def load(cls, corpus_dir: Path | None = None) -> English:
        data = [load_lexicon(PATH, _Model)]
        own = corpus_dir / FILE_NAME if corpus_dir else None
        if own is not None and own.is_file():
            data.append(load_lexicon(own, _Model))
        patterns = {p: r for d in data for p, r in d.patterns.items()}
        terms: dict[str, list[str]] = {}
        for d in data:
            for chinese, phrases in d.terms.items():
                terms.setdefault(chinese, []).extend(phrases)
        ignore = {w for d in data for words in d.ignore.values() for w in words}
        return cls(patterns, terms, ignore)

    @staticmethod
    def asked_in(question: str) -> bool:
        """Whether ``question`` is written in English: at least 6 Latin letters, more than
        twice its Chinese characters, markup (<b>…</b>) left out."""
        text = re.sub(r"<[^>]*>", "", question)  # markup pasted into a question is not English
        latin = len(re.findall(r"[A-Za-z]", text))
        return latin >= 6 and latin > 2 * len(re.findall(r"[\u4e00-\u9fff]", text))

    def read(self, question: str) -> Reading:
        """The Chinese reading of ``question``: patterns first (measure 12 → 措施12), then
        the longest glossary phrase at each word; numbers and Chinese words are kept."""
        q = question.replace("’", "'")
        for pattern, reading in self.patterns:
            q = pattern.sub(f" {reading} ", q)
        words = [self._spelt(w.lower()) for w in _WORD.findall(q)]
        keys = [stem(w) for w in words]
        out: list[str] = []
        unknown: list[str] = []
        dropped: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
                chinese = self.phrases.get(tuple(keys[i:i + n]))
                if chinese is not None:
                    if chinese and chinese not in out:  # said twice, it adds nothing
                        out.append(chinese)
                    i += n
                    break
            else:
                word = words[i]
                if not word[0].isalpha() or not word.isascii():
                    out.append(word)  # a number, or Chinese written in the question
                elif keys[i] not in self.ignore and word not in self.ignore:
                    (unknown if names_a_thing(word) else dropped).append(word)
                i += 1
        text = ""
        for piece in out:  # two numbers side by side stay apart: 措施23，43条措施
            text += ("，" if text[-1:].isdigit() and piece[:1].isdigit() else "") + piece
        return Reading(text, tuple(unknown), tuple(dropped))

    def _spelt(self, word: str) -> str:
        """``word``, or the glossary word it misspells (declaraton → declaration)."""
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha() or stem(word) in self.ignore or \
                (stem(word),) in self.phrases:
            return word
        close = get_close_matches(word, self.vocabulary, n=1, cutoff=TYPO_SIMILARITY)
        return close[0] if close else word

