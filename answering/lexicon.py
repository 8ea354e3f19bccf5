"""The answering rules as data (``lexicon.toml``): intent and topic patterns, question
words, contrast pairs, meta requests — loaded once, validated, patterns compiled.

    >>> LEXICON.intents[0]
    (<Intent.checklist: 'checklist'>, re.compile('清单|checklist|打印.*单子'))
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, field_validator

from answering.types import Intent
from kb.lexicon import load_lexicon

PATH = Path(__file__).with_name("lexicon.toml")


class _Model(BaseModel):
    intents: dict[str, list[str]]
    topics: dict[str, list[str]]
    meta_request: dict[str, list[str]]
    question_words: dict[str, list[str]]
    contrast: dict[str, list[list[str]]]

    @field_validator("intents")
    @classmethod
    def _known_intents(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - {i.value for i in Intent})
        if unknown:
            raise ValueError(f"unknown intents {unknown}")
        return value

    @field_validator("intents", "topics", "meta_request")
    @classmethod
    def _patterns_compile(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, patterns in value.items():
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise ValueError(f"{name}: bad pattern {p!r} ({exc})") from None
        return value

    @field_validator("contrast")
    @classmethod
    def _pairs(cls, value: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
        if any(len(pair) != 2 for pair in value.get("pairs", [])):
            raise ValueError("each contrast pair has two words")
        return value


def _one(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Lexicon:
    intents: list[tuple[Intent, re.Pattern[str]]]
    topics: dict[str, re.Pattern[str]]
    meta_request: re.Pattern[str]
    question_words: frozenset[str]
    contrast: list[tuple[str, str]]

    @classmethod
    def load(cls, path: Path = PATH) -> Lexicon:
        data = load_lexicon(path, _Model)
        return cls(intents=[(Intent(name), _one(p)) for name, p in data.intents.items()],
                   topics={name: _one(p) for name, p in data.topics.items()},
                   meta_request=_one(data.meta_request.get("patterns", [])),
                   question_words=frozenset(data.question_words.get("words", [])),
                   contrast=[(a, b) for a, b in data.contrast.get("pairs", [])])


LEXICON = Lexicon.load()
