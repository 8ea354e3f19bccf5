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
and the reason logged. The dense part is opened only when a search needs it, so BM25-only
use never loads the encoder.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
from pathlib import Path

import kb.facts

from indexer.bm25 import BM25Index
from indexer.dense import DenseIndex, load_cache, save_cache, text_key
from indexer.encoders import encoder_id, make_encoder
from indexer.search import SearchIndex
from indexer.tokenize import Tokenizer
from kb.errors import ReadOnlyError
from kb.facts import Fact
from kb.files import write_atomically
from kb.settings import get_settings

FORMAT_VERSION = 1
DENSE_CACHE = "dense_cache.npz"  # fact vectors by encoder and text, kept between builds (not checksummed: a cache)
_HERE = Path(__file__).parent
# the code a part's files depend on: its own modules and the facts' indexed texts (kb/facts)
CODE = {"bm25": ["bm25.py", "tokenize.py", "lexicon.toml"], "dense": ["dense.py", "encoders.py"]}
_FACTS_CODE = Path(kb.facts.__file__).parent

log = logging.getLogger(__name__)


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
    def __init__(self, folder: Path, facts: list[Fact], force: bool = False):
        self.folder, self.facts = folder, facts
        self.ids = [f.id for f in facts]
        self.fingerprint = facts_fingerprint(facts)
        self.manifest = {} if force else self._read_manifest()
        self.built: list[str] = []  # parts built (not reused) by this store

    # -- manifest ---------------------------------------------------------------------------
    def _read_manifest(self) -> dict:
        path = self.folder / "manifest.json"
        if not path.exists():
            return {}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            ids = json.loads((self.folder / "ids.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("index manifest in %s is unreadable (%s); rebuilding", self.folder, exc)
            return {}
        if manifest.get("format") != FORMAT_VERSION:
            log.warning("index in %s has format %s, this version reads %s; rebuilding",
                        self.folder, manifest.get("format"), FORMAT_VERSION)
            return {}
        if manifest.get("facts", {}).get("fingerprint") != self.fingerprint or ids != self.ids:
            log.warning("the facts changed since the index was built; rebuilding it")
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
        self.built.append(part)

    # -- parts ------------------------------------------------------------------------------
    def bm25(self) -> BM25Index:
        why = self._fresh("bm25")
        if why is None:
            try:
                words = (self.folder / "tokenizer_words.txt").read_text(encoding="utf-8").split("\n")
                tokenizer = Tokenizer([w for w in words if w])
                if tokenizer.dictionary_hash == self.manifest["parts"]["bm25"].get("tokenizer_dictionary"):
                    return BM25Index.load(self.folder, self.ids, tokenizer)
                why = "the tokenizer dictionary does not match the manifest"
            except (OSError, ValueError, KeyError) as exc:
                why = f"the bm25 files cannot be read ({exc})"
        if self.manifest.get("parts", {}).get("bm25"):
            log.warning("rebuilding the BM25 index: %s", why)
        self._writable()
        t0 = time.perf_counter()
        tokenizer = Tokenizer.from_facts(self.facts)
        with _progress(len(self.facts), "BM25") as bar:
            index = BM25Index.build(self.facts, tokenizer, progress=bar.update)
        self._write("tokenizer_words.txt", "\n".join(tokenizer.words))
        files = ["tokenizer_words.txt", *index.save(self.folder)]
        self._record("bm25", files, time.perf_counter() - t0, tokenizer_dictionary=tokenizer.dictionary_hash)
        return index

    def dense(self, encoder_name: str | None = None) -> DenseIndex:
        wanted = encoder_id(encoder_name)
        why = self._fresh("dense", encoder=wanted)
        encoder = make_encoder(encoder_name)
        if why is None:
            try:
                index = DenseIndex.load(self.folder, self.ids, encoder)
                if index.dim == encoder.dim:
                    return index
                why = f"dense.faiss has dimension {index.dim}, the encoder gives {encoder.dim}"
            except (OSError, RuntimeError, ValueError) as exc:
                why = f"dense.faiss cannot be read ({exc})"
        if self.manifest.get("parts", {}).get("dense"):
            log.warning("rebuilding the dense index: %s", why)
        self._writable()
        t0 = time.perf_counter()
        cache_path = self.folder / DENSE_CACHE
        cache = load_cache(cache_path, encoder.dim)
        keys = [text_key(encoder.id, f.dense_text()) for f in self.facts]
        reused = sum(k in cache for k in keys)
        with _progress(len(self.facts), f"encoding ({encoder.id})") as bar:
            index = DenseIndex.build(self.facts, encoder, progress=bar.update, cache=cache)
        save_cache(cache_path, cache, set(keys))
        self._record("dense", index.save(self.folder), time.perf_counter() - t0, encoder=encoder.id, dim=encoder.dim,
                     encoded=len(self.facts) - reused, reused=reused)
        return index


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
