"""The answering rules as data (``lexicon.toml``): intent and topic patterns, question
words, contrast pairs, meta requests — loaded once, validated, patterns compiled.

    >>> LEXICON.intents[0]
    (<Intent.checklist: 'checklist'>, re.compile('清单|checklist|打印.*单子'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from pydantic import BaseModel, field_validator

from answering.types import Intent
from kb.lexicon import check_patterns, load_lexicon

PATH = Path(__file__).with_name("lexicon.toml")


class Attribute(BaseModel):
    """Something a question may ask about a thing (fees, contact, validity …)."""

    label: str
    ask: list[str]
    not_asking: list[str] = []  # phrases in which an asking word asks nothing (打电话让我们…)
    evidence: list[str]  # regular expressions (a plain word is one)
    field: str | None = None  # the service element that holds it, when there is one
    intent: str | None = None  # asked by every question of this intent (time_limit), not by words
    side_by_side: bool = False  # a comparison: several candidates are shown together, not refused

    def stated_by(self, fact: Any) -> bool:
        """Whether the fact states this attribute: its element is set, or its text says it."""
        if self.field and getattr(fact, self.field, None):
            return True
        text = fact.index_text()
        return any(re.search(pattern, text) for pattern in self.evidence)


class _Model(BaseModel):
    intents: dict[str, list[str]]
    topics: dict[str, list[str]]
    meta_request: dict[str, list[str]]
    question_words: dict[str, list[str]]
    contrast: dict[str, list[list[str]]]
    reference: dict[str, list[str]]
    covers: dict[str, list[str]] = {}
    asking: dict[str, list[str]] = {}
    attributes: dict[str, Attribute]

    @field_validator("intents")
    @classmethod
    def _known_intents(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - {i.value for i in Intent})
        if unknown:
            raise ValueError(f"unknown intents {unknown}")
        return value

    @field_validator("intents", "topics", "meta_request", "reference", "asking")
    @classmethod
    def _patterns_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, patterns in value.items():
            check_patterns(patterns, name)
        return value

    @field_validator("contrast")
    @classmethod
    def _pairs(cls, value: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
        if any(len(words) < 2 for words in value.get("pairs", [])):
            raise ValueError("each contrast entry has two or more alternative words")
        return value


def _asks(word: str, q: str) -> bool:
    return bool(re.search(rf"\b{re.escape(word)}\b", q)) if word.isascii() else word in q


def _without(q: str, phrases: list[str]) -> str:
    for phrase in phrases:
        q = q.replace(phrase, " ")
    return q


def _one(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Lexicon:
    intents: list[tuple[Intent, re.Pattern[str]]]
    topics: dict[str, re.Pattern[str]]
    meta_request: re.Pattern[str]
    question_words: frozenset[str]
    naming_words: frozenset[str]  # 名字, 名称: ask what listed things are called
    contrast: list[tuple[str, str]]
    reference_starts: tuple[str, ...]  # a turn opening with these refers back (那…, 这个…)
    reference_words: frozenset[str]  # words that only point at the conversation (那个, 这个)
    next_item: re.Pattern[str]  # 下一条, 后面那条: the number after the earlier turn's
    previous_item: re.Pattern[str]  # 上一条, 前一项: the number before it
    covers: dict[str, list[str]]  # 出入境 → 出境, 入境: a title with the first fits questions about the others
    asking: re.Pattern[str]  # a clause with one of these asks something (什么, 多久, 吗 …)
    attributes: dict[str, Attribute]

    @classmethod
    def load(cls, path: Path = PATH) -> Lexicon:
        data = load_lexicon(path, _Model)
        return cls(intents=[(Intent(name), _one(p)) for name, p in data.intents.items()],
                   topics={name: _one(p) for name, p in data.topics.items()},
                   meta_request=_one(data.meta_request.get("patterns", [])),
                   question_words=frozenset(data.question_words.get("words", [])),
                   naming_words=frozenset(data.question_words.get("naming", [])),
                   contrast=[pair for words in data.contrast.get("pairs", []) for pair in combinations(words, 2)],
                   reference_starts=tuple(data.reference.get("starts", [])),
                   reference_words=frozenset(data.reference.get("words", [])),
                   next_item=_one(data.reference.get("next", ["(?!)"])),
                   previous_item=_one(data.reference.get("previous", ["(?!)"])),
                   covers=data.covers, asking=_one(data.asking.get("patterns", ["(?!)"])),
                   attributes=data.attributes)

    def covered_in(self, text: str) -> list[str]:
        """The words ``text`` covers through a wider word it has (出入境 → 出境, 入境)."""
        return [w for wide, narrow in self.covers.items() if wide in text for w in narrow]

    def asked_attribute(self, q: str, intent: str | None = None) -> Attribute | None:
        """The attribute ``q`` asks about (the longest asking word found, in the clauses that
        ask when another asks for a service's time, documents, steps or department), else the
        one its ``intent`` asks about, or None."""
        q = self.asking_part(q)
        found = [(len(w), a) for a in self.attributes.values() for w in a.ask
                 if _asks(w, _without(q, a.not_asking))]
        if found:
            return max(found, key=lambda x: x[0])[1]
        return next((a for a in self.attributes.values() if intent and a.intent == intent), None)

    def asking_part(self, q: str) -> str:
        """``q`` without its clauses that ask nothing, when a clause that asks names one of
        the service intents (商品编码打错了，想改报关单，要准备啥材料 → 要准备啥材料); else ``q``."""
        clauses = [c for c in re.split(r"[，,。；;！!？?]", q) if c.strip()]
        asking = [c for c in clauses if self.asking.search(c)]
        if len(asking) == len(clauses) or not asking:
            return q
        part = "，".join(asking)
        service_intents = {Intent.time_limit, Intent.documents, Intent.steps, Intent.department}
        return part if any(p.search(part) for i, p in self.intents if i in service_intents) else q

    @property
    def attribute_words(self) -> frozenset[str]:
        return frozenset(w for a in self.attributes.values() for w in a.ask)


LEXICON = Lexicon.load()
