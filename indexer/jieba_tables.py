"""jieba's general dictionary — each word's frequency and part-of-speech tag — loaded once
per process and shared by the tokenizer and the part-of-speech tagger.

    >>> tables = shared_tables()
    >>> tables.frequency("公司"), tables.tags["公司"]
    (…, 'n')

jieba itself would load the dictionary twice: its frequencies for segmenting (from its own
marshal cache, ~0.6 s) and, when ``jieba.posseg`` is imported, every line again for the tags
(~0.45 s, ~45 MB of new strings). Here one pass over ``dict.txt`` makes both, the tags keyed by
the same string objects as the frequencies, and the result is kept as a marshal file in the
user's cache folder (read in ~0.6 s); ``import_posseg`` imports jieba's tagger module without
its own copy of the table. The first tokenizer takes the frequencies as its own, without a
copy, and adds its domain words; what that changes is recorded, so the general frequencies
stay known (``frequency``) and a later tokenizer gets a copy with the changes undone.
"""
from __future__ import annotations

import importlib
import marshal
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import jieba
from platformdirs import user_cache_path

from kb.files import write_atomically

SOURCE = Path(jieba.__file__).with_name("dict.txt")


def _parse(source: Path) -> tuple[dict[str, int], int, dict[str, str]]:
    """Frequencies (with every word's prefixes at 0, as jieba's DAG needs), their total and
    tags, from jieba's ``word count tag`` lines."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    counts: dict[int, int] = {}  # one object per distinct count (~10 000 of them, not 349 000: ~9 MB)
    total = 0
    with source.open("rb") as fh:
        for line in fh:
            parts = line.strip().decode("utf-8").split(" ")
            if not parts[0]:
                continue
            word, count = parts[0], int(parts[1])
            count = counts.setdefault(count, count)
            freq[word] = count
            total += count
            if len(parts) > 2:
                tags[word] = sys.intern(parts[2])
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
    return freq, total, tags


def _cache_file(source: Path) -> Path:
    stat = source.stat()
    return user_cache_path("dyw-kb", appauthor=False) / f"jieba-{stat.st_size}-{int(stat.st_mtime)}.marshal"


def load(source: Path = SOURCE) -> tuple[dict[str, int], int, dict[str, str]]:
    """The tables from the cache file when it is there and readable, else parsed (and the
    cache written, through a temporary file of this process's own; a cache folder that
    cannot be written only costs the parse, every start)."""
    cache = _cache_file(source)
    try:
        freq, total, tags = marshal.loads(cache.read_bytes())
        if isinstance(freq, dict) and isinstance(total, int) and isinstance(tags, dict):
            return freq, total, tags
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tables = _parse(source)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache, marshal.dumps(tables))
    except OSError:
        pass
    return tables


class Tables:
    def __init__(self, freq: dict[str, int], total: int, tags: dict[str, str]):
        self.freq, self.total, self.tags = freq, total, tags
        self.changed: dict[str, int | None] | None = None  # word → its general value (None: absent); None: not taken
        self._lock = threading.Lock()

    def take(self) -> tuple[dict[str, int], dict[str, int | None] | None]:
        """A frequency table for a new tokenizer, and where it records what it changes
        (None for a copy: no one else reads that one)."""
        with self._lock:
            if self.changed is None:
                self.changed = {}
                return self.freq, self.changed
            copy = dict(self.freq)
            for word, value in self.changed.items():
                if value is None:
                    del copy[word]
                else:
                    copy[word] = value
            return copy, None

    def frequency(self, word: str) -> int:
        """How common ``word`` is in general Chinese (0 when it is not a word of the dictionary)."""
        changed = self.changed or {}
        if word in changed:
            return changed[word] or 0
        return self.freq.get(word, 0)


@lru_cache(maxsize=1)
def shared_tables() -> Tables:
    return Tables(*load())


def import_posseg() -> ModuleType:
    """``jieba.posseg``, imported without the tag table its import would read (its global
    tagger, which this project does not use, is left with an empty table: the tokenizer's
    tagger gets ``shared_tables().tags``)."""
    if "jieba.posseg" not in sys.modules:
        saved = jieba.dt.dictionary
        jieba.dt.dictionary = os.devnull  # what the module's global POSTokenizer reads its tags from
        try:
            importlib.import_module("jieba.posseg")
        finally:
            jieba.dt.dictionary = saved
    return sys.modules["jieba.posseg"]
