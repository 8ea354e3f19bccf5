"""The persisted index: a folder of named, inspectable files and a manifest.

    build/index/
      manifest.json          format, facts fingerprint, per part: code hash, files + sha256,
                             build time; bm25: tokenizer dictionary hash; dense: encoder id, dim
      ids.json               fact ids in index order
      tokenizer_words.txt    the domain dictionary jieba is given (one word per line)
      bm25_postings.npz      BM25 weights per (term, fact)
      bm25_vocab.json        the terms, in postings order
      dense.faiss            FAISS IndexFlatIP of the normalised fact vectors

    >>> index = open_index(facts)   # reuse what is fresh, rebuild what is stale (said in the log)

Each part (bm25, dense) is reused only when the format, the facts, the code that built it,
its files' checksums and (dense) the configured encoder all match; otherwise it is rebuilt
and the reason logged (for the dense part also how many facts it encodes and about how
long that takes). Every file is written whole and renamed into place, and the build
folder's lock (kb.locks) keeps readers out while a part is rebuilt. The dense part is opened only when a search needs it, so BM25-only
use never loads the encoder.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

import kb.facts

from indexer.bm25 import BM25Index
from indexer.dense import DenseIndex, load_cache, save_cache, text_key
from indexer.encoders import encoder_id, make_encoder
from indexer.search import SearchIndex
from indexer.tokenize import Tokenizer
from kb.errors import ReadOnlyError
from kb.facts import Fact
from kb.files import write_atomically
from kb.locks import build_lock
from kb.settings import get_settings

FORMAT_VERSION = 1
DENSE_CACHE = "dense_cache.npz"  # fact vectors by encoder and text, kept between builds (not checksummed: a cache)
_HERE = Path(__file__).parent
# the code a part's files depend on: its own modules and the facts' indexed texts (kb/facts)
CODE = {"bm25": ["bm25.py", "tokenize.py", "lexicon.toml"], "dense": ["dense.py", "encoders.py"]}
_FACTS_CODE = Path(kb.facts.__file__).parent

log = logging.getLogger(__name__)
T = TypeVar("T")
# what reading a file another process replaced or damaged can raise (numpy's .npz is a zip)
READ_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def facts_fingerprint(facts: list[Fact]) -> str:
    h = hashlib.sha256()
    for f in facts:
        h.update(f.model_dump_json().encode())
    return h.hexdigest()


def code_hash(part: str) -> str:
    h = hashlib.sha256()
    for path in [*(_HERE / name for name in CODE[part]), *sorted(_FACTS_CODE.glob("*.py"))]:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _progress(total: int, desc: str):
    """A tqdm bar on stderr that appears only when the work lasts more than a second."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="fact", delay=1.0, file=sys.stderr, leave=False,
                disable=get_settings().no_progress)


class IndexStore:
    """The index folder of one set of facts. Reads hold the build folder's lock shared
    (kb.locks), rebuilds hold it alone and check again first; a part whose folder another
    process has meanwhile filled for other facts is built in memory only (this process's
    facts are the older ones; the folder is left to the newer build)."""

    def __init__(self, folder: Path, facts: list[Fact], force: bool = False):
        self.folder, self.facts, self.force = folder, facts, force
        self.ids = [f.id for f in facts]
        self.fingerprint = facts_fingerprint(facts)
        self.lock = build_lock(folder.parent)
        with self.lock.hold():
            self.manifest = {} if force else self._read_manifest()
        self._matched = bool(self.manifest)  # the folder held this index when we opened it
        self.built: list[str] = []  # parts built (not reused) by this store

    # -- manifest ---------------------------------------------------------------------------
    def _read_manifest(self, quiet: bool = False) -> dict:
        """The manifest when it describes an index of these facts in this format, else {}
        (with the reason on the log unless ``quiet``)."""
        say = log.debug if quiet else log.warning
        path = self.folder / "manifest.json"
        if not path.exists():
            return {}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            ids = json.loads((self.folder / "ids.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            say("index manifest in %s is unreadable (%s); rebuilding", self.folder, exc)
            return {}
        if manifest.get("format") != FORMAT_VERSION:
            say("index in %s has format %s, this version reads %s; rebuilding",
                self.folder, manifest.get("format"), FORMAT_VERSION)
            return {}
        if manifest.get("facts", {}).get("fingerprint") != self.fingerprint or ids != self.ids:
            say("the facts changed since the index was built; rebuilding it")
            return {}
        return manifest

    def _write_manifest(self) -> None:
        self.manifest.setdefault("format", FORMAT_VERSION)
        self.manifest["facts"] = {"count": len(self.ids), "fingerprint": self.fingerprint}
        self._write("ids.json", json.dumps(self.ids))
        self._write("manifest.json", json.dumps(self.manifest, ensure_ascii=False, indent=1, sort_keys=True))

    def _write(self, name: str, text: str) -> None:
        write_atomically(self.folder / name, (text + "\n").encode("utf-8"))

    def _writable(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise ReadOnlyError(f"cannot write the index to {self.folder} ({exc.strerror}); "
                                "set KB_BUILD_DIR to a writable folder") from None

    def _fresh(self, part: str, **expect) -> str | None:
        """None when the part can be reused, else why not."""
        entry = self.manifest.get("parts", {}).get(part)
        if not entry:
            return f"no {part} index yet"
        if entry.get("code") != code_hash(part):
            return f"the {part} indexing code changed"
        for key, value in expect.items():
            if entry.get(key) != value:
                return f"the {part} index was built with {key} {entry.get(key)!r}, now {value!r}"
        for name, digest in entry.get("files", {}).items():
            path = self.folder / name
            if not path.exists():
                return f"{path} is missing"
            if _sha(path) != digest:
                return f"{path} does not match its checksum (truncated or edited)"
        return None

    def _record(self, part: str, files: list[str], seconds: float, **extra) -> None:
        self.manifest.setdefault("parts", {})[part] = {
            "code": code_hash(part), "files": {n: _sha(self.folder / n) for n in files},
            "build_seconds": round(seconds, 2), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **extra}
        self._write_manifest()
        self._matched = True
        self.built.append(part)

    # -- parts ------------------------------------------------------------------------------
    def _part(self, part: str, load: Callable[[], T | str], build: Callable[[bool], T], **expect) -> T:
        """The part loaded when fresh (``load`` gives it, or why it cannot), else built by
        ``build(save)`` with the lock held alone — after checking again, since another
        process may have built it while this one waited."""
        with self.lock.hold():
            why = self._fresh(part, **expect)
            got = load() if why is None else why
        if not isinstance(got, str):
            return got
        with self.lock.hold(exclusive=True):
            if not self.force:
                now = self._read_manifest(quiet=True)
                if now:
                    self.manifest = now
                    why = self._fresh(part, **expect)
                    got = load() if why is None else why
                    if not isinstance(got, str):
                        return got
                elif self._matched and self._folder_facts() not in (None, self.fingerprint):
                    log.warning("%s now holds an index of other facts (a newer build); this process builds "
                                "its %s index in memory and leaves the folder alone — restart to use the new "
                                "build", self.folder, part)
                    return build(False)
            self._announce(part, got, expect.get("encoder"))
            self._writable()
            return build(True)

    def _announce(self, part: str, why: str, encoder: str | None) -> None:
        if part == "dense" and encoder:  # minutes on a large corpus or a busy machine: say why and how long
            todo, seconds = self._dense_estimate(encoder)
            verb = "rebuilding" if self.manifest.get("parts", {}).get(part) else "building"
            log.warning("%s the dense index (%s): %d of %d facts to encode, about %s; later starts "
                        "reuse it", verb, why, todo, len(self.facts), _duration(seconds))
        elif self.manifest.get("parts", {}).get(part):
            log.warning("rebuilding the BM25 index: %s", why)

    def _dense_estimate(self, encoder: str) -> tuple[int, float]:
        """Facts the dense part would encode (not in the vector cache) and the seconds that
        takes at the last build's pace (else ~0.08 s a fact, this machine's)."""
        try:
            with np.load(self.folder / DENSE_CACHE) as data:
                have = {str(k) for k in data["keys"]}
        except READ_ERRORS:
            have = set()
        todo = sum(1 for f in self.facts if text_key(encoder, f.dense_text()) not in have)
        last = self.manifest.get("parts", {}).get("dense") or {}
        pace = last["build_seconds"] / last["encoded"] if last.get("encoded") else 0.08
        return todo, todo * pace

    def _folder_facts(self) -> str | None:
        try:
            return json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))["facts"]["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def bm25(self) -> BM25Index:
        def load() -> BM25Index | str:
            try:
                words = (self.folder / "tokenizer_words.txt").read_text(encoding="utf-8").split("\n")
                tokenizer = Tokenizer([w for w in words if w])
                if tokenizer.dictionary_hash == self.manifest["parts"]["bm25"].get("tokenizer_dictionary"):
                    return BM25Index.load(self.folder, self.ids, tokenizer)
                return "the tokenizer dictionary does not match the manifest"
            except READ_ERRORS as exc:
                return f"the bm25 files cannot be read ({exc})"

        def build(save: bool) -> BM25Index:
            t0 = time.perf_counter()
            tokenizer = Tokenizer.from_facts(self.facts)
            with _progress(len(self.facts), "BM25") as bar:
                index = BM25Index.build(self.facts, tokenizer, progress=bar.update)
            if save:
                self._write("tokenizer_words.txt", "\n".join(tokenizer.words))
                files = ["tokenizer_words.txt", *index.save(self.folder)]
                self._record("bm25", files, time.perf_counter() - t0, tokenizer_dictionary=tokenizer.dictionary_hash)
            return index

        return self._part("bm25", load, build)

    def dense(self, encoder_name: str | None = None) -> DenseIndex:
        wanted = encoder_id(encoder_name)
        encoder = make_encoder(encoder_name)

        def load() -> DenseIndex | str:
            try:
                index = DenseIndex.load(self.folder, self.ids, encoder)
            except (*READ_ERRORS, RuntimeError) as exc:
                return f"dense.faiss cannot be read ({exc})"
            if index.dim != encoder.dim:
                return f"dense.faiss has dimension {index.dim}, the encoder gives {encoder.dim}"
            return index

        def build(save: bool) -> DenseIndex:
            t0 = time.perf_counter()
            cache_path = self.folder / DENSE_CACHE
            cache = load_cache(cache_path, encoder.dim)
            keys = [text_key(encoder.id, f.dense_text()) for f in self.facts]
            reused = sum(k in cache for k in keys)
            with _progress(len(self.facts), f"encoding ({encoder.id})") as bar:
                index = DenseIndex.build(self.facts, encoder, progress=bar.update, cache=cache)
            if save:
                save_cache(cache_path, cache, set(keys))
                self._record("dense", index.save(self.folder), time.perf_counter() - t0, encoder=encoder.id,
                             dim=encoder.dim, encoded=len(self.facts) - reused, reused=reused)
            return index

        return self._part("dense", load, build, encoder=wanted)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} minutes"


def index_dir() -> Path:
    return get_settings().build_dir / "index"


def open_index(facts: list[Fact], folder: Path | None = None, *, encoder: str | None = None,
               dense_now: bool = False, force: bool = False) -> SearchIndex:
    """The search index over ``facts``: reused from ``folder`` when fresh, else (re)built there."""
    store = IndexStore(folder or index_dir(), facts, force)
    index = SearchIndex(facts, store.bm25(), lambda: store.dense(encoder), store=store)
    if dense_now:
        index.dense  # noqa: B018 — load or build it now rather than at the first search
    return index
