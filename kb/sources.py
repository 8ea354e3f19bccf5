"""The cited source text of a fact: the corpus lines its citation points to.

    >>> cited_lines(fact.citation)          # [(91, "四、报关单修撤业务"), (92, "…"), …]

Line numbers are the original file's (1-based), as in every citation.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kb.settings import get_settings


@lru_cache(maxsize=16)
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def cited_lines(citation, context: int = 0, corpus: Path | None = None) -> list[tuple[int, str]]:
    """(line number, text) for the cited range, plus ``context`` lines either side."""
    path = (corpus or get_settings().corpus_dir) / citation.origin
    try:
        lines = _lines(path)
    except OSError:
        return []
    first, last = citation.lines
    lo, hi = max(1, first - context), min(len(lines), last + context)
    return [(n, lines[n - 1]) for n in range(lo, hi + 1)]
