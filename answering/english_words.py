"""English word classes for reading English questions: which parts of speech a word can be,
and the verb a past form comes from — all the English reading asks of a dictionary.

    >>> classes("supplier"), past_verb("submitted")
    ('N', 'submit')

The data (``english_words.txt.gz``, ~0.3 MB: one ``word<TAB>classes<TAB>verb`` line per word
lemminflect knows, classes as letters N noun, V verb, A adjective, R adverb, X auxiliary)
is derived from lemminflect's lemma tables (MIT licence) by ``python -m
answering.english_words``, and read as one string on first use (~1 MB): lemminflect keeps
the same facts as ~34 MB of Python dictionaries, which every app process paid on its first
English question. A test checks the file against lemminflect word for word.
"""
from __future__ import annotations

import gzip
import threading
from pathlib import Path

DATA = Path(__file__).with_name("english_words.txt.gz")
CLASSES = {"NOUN": "N", "VERB": "V", "ADJ": "A", "ADV": "R", "AUX": "X"}

_blob: str | None = None
_lock = threading.Lock()


def _entry(word: str) -> list[str] | None:
    global _blob
    if _blob is None:
        with _lock:
            if _blob is None:
                _blob = "\n" + gzip.decompress(DATA.read_bytes()).decode("utf-8")
    at = _blob.find(f"\n{word}\t")
    if at < 0:
        return None
    end = _blob.find("\n", at + 1)
    return _blob[at + 1:end if end >= 0 else len(_blob)].split("\t")


def classes(word: str) -> str:
    """The parts of speech ``word`` (lower case) can be, as letters; "" for a word the
    dictionary does not know."""
    entry = _entry(word)
    return entry[1] if entry else ""


def past_verb(word: str) -> str | None:
    """The verb of a past form that is not also an adjective (submitted → submit; bonded:
    None, an adjective of its own); None for any other word."""
    entry = _entry(word)
    return entry[2] or None if entry else None


def generate(out: Path = DATA) -> int:
    """Write the data file from lemminflect's tables; returns the number of words."""
    import csv

    import lemminflect
    from lemminflect import getAllLemmas

    resources = Path(lemminflect.__file__).with_name("resources")
    with gzip.open(resources / "lemma_lu.csv.gz", "rt", encoding="utf-8") as fh:
        words = {row[0].lower() for row in csv.reader(fh) if row}
    with (resources / "lemma_overrides.csv").open(encoding="utf-8") as fh:
        words |= {row[0].lower() for row in csv.reader(fh) if row and not row[0].startswith("#")}
    lines = []
    for word in sorted(w for w in words if w and "\t" not in w and "\n" not in w):
        lemmas = getAllLemmas(word)
        if not lemmas:
            continue
        kinds = "".join(CLASSES[k] for k in CLASSES if k in lemmas)
        verb = str(lemmas["VERB"][0]) if word.endswith("ed") and "VERB" in lemmas and "ADJ" not in lemmas else ""
        lines.append(f"{word}\t{kinds}\t{verb}")
    out.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))
    return len(lines)


if __name__ == "__main__":
    print(f"{generate()} words written to {DATA}")
