"""Topics the knowledge base does not cover (data: ``uncovered.toml``, plus the office's own
``<corpus dir>/uncovered.toml``): a question the encoder finds nearer to one of them than to
the fact that would answer it is refused, naming the topic — «这个问题是关于“关税税率”的».

    >>> Uncovered.load(corpus_dir).nearer(index, "进口咖啡豆关税多少", fact_id, margin=0.045)
    '关税税率'

The descriptions' vectors are kept beside the index (``topic_vectors.npz``, by encoder and
exact text), so a cold start does not encode them again.
Does not handle: BM25-only assistants (there is no encoder to compare with).
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from indexer.dense import cached_passages
from indexer.encoders import Encoder
from indexer.search import SearchIndex
from kb.lexicon import load_lexicon

PATH = Path(__file__).with_name("uncovered.toml")
FILE_NAME = "uncovered.toml"
VECTOR_FILE = "topic_vectors.npz"  # the descriptions' vectors, kept in the index folder (a cache)


class _Model(BaseModel):
    topics: dict[str, str]


class Uncovered:
    def __init__(self, topics: dict[str, str], vector_file: Path | None = None):
        self.names = list(topics)
        self.vector_file = vector_file  # the descriptions' vectors kept between runs
        self.descriptions = [topics[n] for n in self.names]
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, corpus_dir: Path | None = None, index_folder: Path | None = None) -> Uncovered:
        """The topics of the package and of ``corpus_dir``; their vectors are kept in
        ``index_folder`` when given."""
        topics = dict(load_lexicon(PATH, _Model).topics)
        own = corpus_dir / FILE_NAME if corpus_dir else None
        if own is not None and own.is_file():
            topics.update(load_lexicon(own, _Model).topics)
        return cls(topics, index_folder / VECTOR_FILE if index_folder else None)

    def vectors(self, encoder: Encoder) -> np.ndarray:
        """The descriptions' vectors (encoded once; read from the vector file when it has them)."""
        with self._lock:
            if self._vectors is None:
                self._vectors = encoder.passages(self.descriptions) if self.vector_file is None \
                    else cached_passages(encoder, self.descriptions, self.vector_file)
            return self._vectors

    def nearer(self, index: SearchIndex, q: str, fact_id: str, margin: float) -> str | None:
        """The uncovered topic nearer to ``q`` than the fact ``fact_id`` is, by ``margin``."""
        dense = index.dense
        if not self.names or dense.encoder is None:
            return None
        query = dense.query_vector(q)
        scores = self.vectors(dense.encoder) @ query.reshape(-1)
        best = int(scores.argmax())
        return self.names[best] if scores[best] - dense.similarity(query, fact_id) >= margin else None
