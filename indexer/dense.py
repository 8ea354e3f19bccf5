"""A FAISS inner-product index over normalised fact vectors, with a query-vector cache.

    >>> index = DenseIndex.build(facts, encoder)
    >>> index.search("吨税执照多久", k=5)   # [(fact id, cosine), …] best first

Repeated questions (the chat's example buttons, a help desk asking the same thing all
day) skip the encoder: the last KB_QUERY_CACHE_SIZE query vectors are kept (LRU). Fact
vectors are kept between builds by encoder and exact text (``dense_cache.npz``), so a
rebuild after a document edit encodes only the facts whose text changed.
"""
from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

import faiss
import numpy as np
from cachetools import LRUCache

from indexer.encoders import Encoder
from kb.facts import Fact
from kb.files import write_atomically
from kb.settings import get_settings

BATCH = 32


def text_key(encoder_id: str, text: str) -> str:
    """A vector's cache key: the encoder and the exact text it encoded."""
    return hashlib.sha256(f"{encoder_id}\x1f{text}".encode("utf-8")).hexdigest()[:32]


def load_cache(path: Path, dim: int) -> dict[str, np.ndarray]:
    """The vectors kept from earlier builds (``dense_cache.npz``); empty when missing,
    unreadable or of another dimension — it is only a cache."""
    try:
        with np.load(path) as data:
            keys, vectors = [str(k) for k in data["keys"]], data["vectors"]
        if vectors.ndim != 2 or vectors.shape[1] != dim or len(keys) != len(vectors):
            return {}
        return dict(zip(keys, vectors.astype(np.float32)))
    except (OSError, ValueError, KeyError):
        return {}


def save_cache(path: Path, cache: dict[str, np.ndarray], keep: set[str]) -> None:
    """Write the vectors of ``keep`` (the current facts' texts) atomically, through a
    temporary file of this writer's own (two processes may write the same cache)."""
    keys = sorted(k for k in cache if k in keep)
    vectors = np.vstack([cache[k] for k in keys]) if keys else np.zeros((0, 1), np.float32)
    buffer = io.BytesIO()
    np.savez(buffer, keys=np.array(keys), vectors=vectors)
    write_atomically(path, buffer.getvalue())


def cached_passages(encoder: Encoder, texts: list[str], path: Path) -> np.ndarray:
    """The passage vectors of ``texts``, read from the vector file ``path`` where it has
    them and encoded (then written back) where it does not. A folder that cannot be
    written (an index shipped read-only) only costs the encoding, every start."""
    cache = load_cache(path, encoder.dim)
    keys = [text_key(encoder.id, t) for t in texts]
    todo = [i for i, key in enumerate(keys) if key not in cache]
    if todo:
        for i, vector in zip(todo, encoder.passages([texts[i] for i in todo])):
            cache[keys[i]] = np.asarray(vector, dtype=np.float32)
        try:
            save_cache(path, cache, set(keys))
        except OSError:
            pass
    return np.vstack([cache[k] for k in keys]) if keys else np.zeros((0, encoder.dim), np.float32)


class DenseIndex:
    def __init__(self, ids: list[str], index: faiss.Index, encoder: Encoder | None):
        self.ids, self.encoder, self._faiss = ids, encoder, index
        # one query is searched at a time: FAISS's default of a thread per core only
        # contends with the encoder's threads (×100 corpus: 3.3 → 0.9 ms a search, and the
        # whole uncached search p95 41 → 16 ms)
        faiss.omp_set_num_threads(get_settings().faiss_threads)
        self._cache: LRUCache[str, np.ndarray] = LRUCache(maxsize=max(1, get_settings().query_cache_size))
        self._lock = threading.Lock()  # the web app asks from several threads
        self._rows: dict[str, int] | None = None

    @classmethod
    def from_vectors(cls, ids: list[str], vectors: np.ndarray, encoder: Encoder | None) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(ids, index, encoder)

    @classmethod
    def build(cls, facts: list[Fact], encoder: Encoder, progress=None,
              cache: dict[str, np.ndarray] | None = None) -> DenseIndex:
        """Encode the facts' dense texts; a text whose vector ``cache`` holds (by
        ``text_key``) is not encoded again, and the cache gains the new ones."""
        texts = [f.dense_text() for f in facts]
        cache = {} if cache is None else cache
        keys = [text_key(encoder.id, t) for t in texts]
        todo = [i for i, key in enumerate(keys) if key not in cache]
        if progress and len(todo) < len(texts):
            progress(len(texts) - len(todo))
        for start in range(0, len(todo), BATCH):
            batch = todo[start:start + BATCH]
            for i, vector in zip(batch, encoder.passages([texts[i] for i in batch])):
                cache[keys[i]] = np.asarray(vector, dtype=np.float32)
            if progress:
                progress(len(batch))
        vectors = np.vstack([cache[k] for k in keys]) if keys else np.zeros((0, encoder.dim), np.float32)
        return cls.from_vectors([f.id for f in facts], vectors, encoder)

    @property
    def dim(self) -> int:
        return self._faiss.d

    @property
    def vectors(self) -> np.ndarray:
        return self._faiss.reconstruct_n(0, self._faiss.ntotal)

    def query_vector(self, query: str) -> np.ndarray:
        with self._lock:
            vec = self._cache.get(query)
            if vec is None:
                if self.encoder is None:
                    raise RuntimeError("this dense index was loaded without an encoder")
                vec = self._cache[query] = self.encoder.queries([query])
            return vec

    def similarity(self, query_vector: np.ndarray, fact_id: str) -> float:
        """Cosine of a query vector (from ``query_vector``) to one fact's vector."""
        if self._rows is None:
            self._rows = {fid: n for n, fid in enumerate(self.ids)}
        return float(self._faiss.reconstruct(self._rows[fact_id]) @ query_vector.reshape(-1))

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        k = min(k, len(self.ids))
        if k <= 0 or not query.strip():
            return []
        scores, rows = self._faiss.search(self.query_vector(query), k)
        return [(self.ids[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]

    # -- persistence: dense.faiss (FAISS's own file format) ----------------------------------
    def save(self, folder: Path) -> list[str]:
        write_atomically(folder / "dense.faiss", faiss.serialize_index(self._faiss).tobytes())
        return ["dense.faiss"]

    @classmethod
    def load(cls, folder: Path, ids: list[str], encoder: Encoder | None) -> DenseIndex:
        index = faiss.read_index(str(folder / "dense.faiss"))
        if index.ntotal != len(ids):
            raise ValueError(f"dense.faiss holds {index.ntotal} vectors for {len(ids)} facts")
        return cls(ids, index, encoder)
