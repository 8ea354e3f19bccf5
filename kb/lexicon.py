"""Word lists and rules kept as data: TOML files read through a pydantic model, so a bad
file fails at load with its path and the line of the problem.

    >>> data = load_lexicon(Path("indexer/lexicon.toml"), MyModel)

Help-desk staff extend the files (a synonym, a colloquial form, an attribute word); the
code that uses them is generic.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from kb.errors import KBError

M = TypeVar("M", bound=BaseModel)


class LexiconError(KBError):
    """A data file of word lists or rules cannot be read or does not validate."""


def _line_of(text: str, key: object) -> int | None:
    """The first line defining ``key`` (a table or an entry), for error messages."""
    pattern = re.compile(rf'^\s*(?:\[{re.escape(str(key))}\]|"?{re.escape(str(key))}"?\s*=)', re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def check_patterns(patterns: Iterable[str], where: str = "") -> None:
    """Raise ValueError naming the first of ``patterns`` that is not a valid regular
    expression (``where``: the list it is in, for the message)."""
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"{where}{': ' if where else ''}bad pattern {p!r} ({exc})") from None


def load_lexicon(path: Path, model: type[M]) -> M:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = [p for p in e["loc"] if isinstance(p, str)]
            line = next((n for key in reversed(loc) if (n := _line_of(text, key))), None)
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: {'.'.join(map(str, e['loc']))}: {e['msg']}")
        raise LexiconError("; ".join(problems)) from None
