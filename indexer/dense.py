"""A FAISS inner-product index over normalised fact vectors.

    >>> index = DenseIndex.build(facts, encoder)
    >>> index.search("吨税执照多久", k=5)   # [(fact id, cosine), …] best first
"""
from __future__ import annotations

import faiss
import numpy as np

from indexer.encoders import Encoder


def dense_text(fact) -> str:
    """What a fact's vector encodes: its title, department and the start of its text."""
    head = [fact.title]
    if getattr(fact, "department", None):
        head.append(fact.department)
    return " ".join(head) + "\n" + fact.text[:400]


class DenseIndex:
    def __init__(self, ids: list[str], vectors: np.ndarray, encoder: Encoder):
        self.ids, self.encoder = ids, encoder
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._faiss = faiss.IndexFlatIP(self.vectors.shape[1])
        self._faiss.add(self.vectors)

    @classmethod
    def build(cls, facts: list, encoder: Encoder) -> DenseIndex:
        return cls([f.id for f in facts], encoder.passages([dense_text(f) for f in facts]), encoder)

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        q = self.encoder.queries([query])
        scores, rows = self._faiss.search(q, min(k, len(self.ids)))
        return [(self.ids[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]
