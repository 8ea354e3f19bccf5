"""A FAISS inner-product index over normalised fact vectors, with a query-vector cache.

    >>> index = DenseIndex.build(facts, encoder)
    >>> index.search("吨税执照多久", k=5)   # [(fact id, cosine), …] best first

Repeated questions (the chat's example buttons, a help desk asking the same thing all
day) skip the encoder: the last KB_QUERY_CACHE_SIZE query vectors are kept (LRU).
"""
from __future__ import annotations

import threading
from pathlib import Path

import faiss
import numpy as np
from cachetools import LRUCache

from indexer.encoders import Encoder
from kb.facts import Fact
from kb.settings import get_settings

BATCH = 32


class DenseIndex:
    def __init__(self, ids: list[str], index: faiss.Index, encoder: Encoder | None):
        self.ids, self.encoder, self._faiss = ids, encoder, index
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
    def build(cls, facts: list[Fact], encoder: Encoder, progress=None) -> DenseIndex:
        texts = [f.dense_text() for f in facts]
        chunks = []
        for i in range(0, len(texts), BATCH):
            chunks.append(encoder.passages(texts[i:i + BATCH]))
            if progress:
                progress(len(texts[i:i + BATCH]))
        vectors = np.vstack(chunks) if chunks else np.zeros((0, encoder.dim), np.float32)
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
        faiss.write_index(self._faiss, str(folder / "dense.faiss"))
        return ["dense.faiss"]

    @classmethod
    def load(cls, folder: Path, ids: list[str], encoder: Encoder | None) -> DenseIndex:
        index = faiss.read_index(str(folder / "dense.faiss"))
        if index.ntotal != len(ids):
            raise ValueError(f"dense.faiss holds {index.ntotal} vectors for {len(ids)} facts")
        return cls(ids, index, encoder)
