"""The genre registry: a genre name (the manifest's ``genre``) → how to read it.

A genre module calls ``register`` at import with its parser and its reading options;
``get`` loads every module of ``kb.parse`` first, so a new genre is one new module.

    >>> genre = get("procedures")
    >>> genre.parse(ctx, build_outline(lines, genre.unit_heading))
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.facts import Fact
    from kb.parse.common import ParseContext
    from kb.parse.outline import Node

Parser = Callable[["ParseContext", "Node"], None]
Check = Callable[[list["Fact"]], list[str]]  # what a document of the genre should have yielded
FALLBACK = "prose"


@dataclass(frozen=True)
class Genre:
    name: str
    parse: Parser
    unit_heading: re.Pattern[str] | None = None  # bare unit-name lines that open a section
    join_short_runs: bool = False  # web text with one phrase per line (articles)
    check: Check = lambda facts: []


_GENRES: dict[str, Genre] = {}


def register(name: str, parse: Parser, **options) -> Genre:
    genre = Genre(name, parse, **options)
    _GENRES[name] = genre
    return genre


def _load_all() -> None:
    import kb.parse as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"kb.parse.{module.name}")


def get(name: str) -> Genre | None:
    """The genre of this name, or None when no module registers it."""
    if name not in _GENRES:
        _load_all()
    return _GENRES.get(name)


def names() -> list[str]:
    _load_all()
    return sorted(_GENRES)


def detect(text: str) -> tuple[str, str]:
    """A genre for a document whose manifest names none, and why: articles (第X条) make a
    statute; labelled service elements or time-limit commitments a service guide."""
    from kb.parse.fields import match_label
    from kb.parse.statute import ARTICLE
    from kb.parse.timelimit import find_limit

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    articles = sum(1 for line in lines if ARTICLE.match(line))
    if articles >= 3:
        return "statute", f"{articles} lines open an article (第X条)"
    labels = {found[0] for line in lines if (found := match_label(re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*", "", line)))}
    if len(labels) >= 2:
        return "procedures", f"service-guide labels: {', '.join(sorted(labels))}"
    limits = sum(1 for line in lines if find_limit(line) and re.search(r"办结|办理|完成", line))
    if limits >= 2:
        return "procedures", f"{limits} lines state a time limit"
    return FALLBACK, "no articles, service labels or time limits found"


def fallback() -> Genre:
    genre = get(FALLBACK)
    assert genre is not None, "the prose genre is always registered"
    return genre
