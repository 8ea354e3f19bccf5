"""Adding a document to the corpus: checked, copied in and entered in the manifest, or
nothing changed at all.

    >>> meta = add_document(Path("某海关办事指南.txt"), genre=None, title=None)
    >>> meta.genre      # detected from the text when not given
    'procedures'

A file is refused with a sentence when it is missing, empty, binary, not UTF-8 or
GB18030 text, or already in the corpus (same name or same bytes). ``remove_document``
undoes an addition (used when its build fails).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from kb.errors import CorpusError
from kb.parse import genres
from kb.parse.clean import decode
from kb.parse.common import DocMeta
from kb.parse.script import is_traditional, to_simplified

MAX_BYTES = 20 * 1024 * 1024


def _read_manifest(corpus: Path) -> dict[str, Any]:
    path = corpus / "manifest.json"
    if not path.exists():
        return {"format": 1, "documents": []}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path} cannot be read ({exc}); fix it before adding documents") from None


def _write_manifest(corpus: Path, manifest: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=corpus, prefix=".manifest-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    os.replace(tmp, corpus / "manifest.json")


def check_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text, or a CorpusError saying why it cannot be a document."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {path} ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise CorpusError(f"{path} is {len(data) // 1024 // 1024} MB; documents are text of at most 20 MB")
    if not data.strip():
        raise CorpusError(f"{path} is empty")
    if b"\x00" in data[:4096]:
        raise CorpusError(f"{path} is not a text file (binary content); save it as UTF-8 text first")
    text, warnings = decode(data, path.name)
    if warnings and "undecodable" in warnings[0]:
        raise CorpusError(f"{path} is neither UTF-8 nor GB18030 text; save it as UTF-8 first")
    return data, text


def add_document(path: Path, corpus: Path, genre: str | None = None, title: str | None = None,
                 issuer: str | None = None, date: str | None = None, short_name: str | None = None) -> DocMeta:
    """Copy ``path`` into ``corpus`` and add its manifest entry; return its metadata."""
    data, text = check_text(path)
    if genre and genres.get(genre) is None:
        raise CorpusError(f"unknown genre {genre!r}; one of {', '.join(genres.names())} (or leave it out)")
    manifest = _read_manifest(corpus)
    documents = manifest.setdefault("documents", [])
    for d in documents:
        if d.get("origin") == path.name:
            raise CorpusError(f"{path.name} is already in the corpus; rename the file to add another version")
        existing = corpus / d.get("origin", "")
        if existing.is_file() and existing.read_bytes() == data:
            raise CorpusError(f"{path.name} has the same content as {d['origin']} ({d['id']}), already in the corpus")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = (title or lines[0].lstrip("#").strip())[:120]
    chosen = genre or genres.detect(to_simplified(text) if is_traditional(text) else text)[0]
    stem = re.sub(r"[^0-9A-Za-z]+", "-", path.stem).strip("-").lower()
    doc_id = f"{stem or 'doc'}-{hashlib.sha256(data).hexdigest()[:8]}"
    entry = {"id": doc_id, "title": title, "issuer": issuer, "date": date, "genre": chosen, "origin": path.name}
    if short_name:
        entry["short_name"] = short_name
    try:
        corpus.mkdir(parents=True, exist_ok=True)
        (corpus / path.name).write_bytes(data)
        documents.append(entry)
        _write_manifest(corpus, manifest)
    except OSError as exc:
        (corpus / path.name).unlink(missing_ok=True)
        raise CorpusError(f"cannot write to {corpus} ({exc.strerror}); set KB_CORPUS_DIR to a writable folder") \
            from None
    return DocMeta(id=doc_id, title=title, origin=path.name, genre=chosen, issuer=issuer, date=date,
                   short_name=short_name)


def remove_document(corpus: Path, doc_id: str) -> None:
    """Take a document out of the manifest and the corpus folder (undoes add_document)."""
    manifest = _read_manifest(corpus)
    keep: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    for d in manifest.get("documents", []):
        (gone if d.get("id") == doc_id else keep).append(d)
    manifest["documents"] = keep
    _write_manifest(corpus, manifest)
    for d in gone:
        (corpus / d["origin"]).unlink(missing_ok=True)
