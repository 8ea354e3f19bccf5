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
    from kb.parse.common import ParseContext
    from kb.parse.outline import Node

Parser = Callable[["ParseContext", "Node"], None]
FALLBACK = "prose"


@dataclass(frozen=True)
class Genre:
    name: str
    parse: Parser
    unit_heading: re.Pattern[str] | None = None  # bare unit-name lines that open a section
    join_short_runs: bool = False  # web text with one phrase per line (articles)


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


def fallback() -> Genre:
    genre = get(FALLBACK)
    assert genre is not None, "the prose genre is always registered"
    return genre
