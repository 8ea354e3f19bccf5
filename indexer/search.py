"""Search the facts by BM25, by dense vectors, or by both fused; hits say why they were found.

    >>> index = open_index(facts)            # indexer.store: loads or builds build/index/
    >>> hits = index.search("吨税执照多久", k=5, mode="hybrid")
    >>> hits[0].title, hits[0].bm25_rank, hits[0].dense_rank
    ('船舶吨税执照业务', 1, 1)

Fusion (hybrid): each signal's top POOL candidates get a normalised score — BM25 divided
by the query's best BM25 score, cosine min-max scaled over the pool — and the hybrid score
is ``w · bm25 + (1 − w) · dense`` with w = KB_BM25_WEIGHT (0.7); a fact outside one signal's pool
scores 0 there. The weight was chosen on evals/qa_dev.jsonl against reciprocal-rank
fusion (numbers in the README). ``bm25_score`` stays the raw BM25 score: the answering
layer's refusal threshold is calibrated on it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.bm25 import BM25Index
from indexer.dense import DenseIndex
from indexer.tokenize import Tokenizer
from kb.facts import Fact
from kb.settings import get_settings

if TYPE_CHECKING:
    from indexer.store import IndexStore


class Mode(str, Enum):
    """Which signal ranks: BM25, dense vectors, or both fused."""

    bm25 = "bm25"
    dense = "dense"
    hybrid = "hybrid"


MODES = tuple(m.value for m in Mode)
POOL = 50


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    department: str | None
    score: float  # what the ranking used: raw BM25, cosine, or the fused score
    bm25_score: float | None = None
    bm25_rank: int | None = None
    dense_score: float | None = None
    dense_rank: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SearchIndex:
    """BM25 always; the dense index is loaded (or built) on first use by ``dense_loader``."""

    def __init__(self, facts: list[Fact], bm25: BM25Index, dense_loader: Callable[[], DenseIndex],
                 store: IndexStore | None = None, bm25_weight: float | None = None):
        self.facts = facts
        self.by_id = {f.id: f for f in facts}
        self.bm25 = bm25
        self.store = store  # the IndexStore it came from, when opened by indexer.store.open_index
        self.bm25_weight = get_settings().bm25_weight if bm25_weight is None else bm25_weight
        self._dense_loader = dense_loader
        self._dense: DenseIndex | None = None

    @property
    def tokenizer(self) -> Tokenizer:
        """The tokenizer the index and its queries share."""
        return self.bm25.tokenizer

    def knows(self, word: str) -> bool:
        """Whether ``word`` (normalised) is a term of the indexed facts."""
        return word in self.bm25.term_row

    def document_frequency(self, word: str) -> int:
        """How many facts have the term ``word`` (0 when none has it)."""
        row = self.bm25.term_row.get(word)
        return 0 if row is None else int(self.bm25.offsets[row + 1] - self.bm25.offsets[row])

    def common_terms(self, ids: set[str], share: float) -> frozenset[str]:
        """The terms at least ``share`` of the facts ``ids`` have (申请, 单据 in most services)."""
        rows = [i for i, fid in enumerate(self.bm25.ids) if fid in ids]
        if not rows:
            return frozenset()
        mask = np.zeros(len(self.bm25.ids), dtype=np.int64)
        mask[rows] = 1
        running = np.concatenate([[0], np.cumsum(mask[self.bm25.docs])])
        counts = running[self.bm25.offsets[1:]] - running[self.bm25.offsets[:-1]]
        return frozenset(self.bm25.vocab[i] for i in np.flatnonzero(counts >= share * len(rows)))

    @property
    def dense(self) -> DenseIndex:
        if self._dense is None:
            self._dense = self._dense_loader()
        return self._dense

    def search(self, query: str, k: int = 10, mode: Mode | str = Mode.hybrid) -> list[Hit]:
        mode = Mode(mode)  # a typo fails here: ValueError naming the value
        bm25 = self.bm25.search(query, POOL if mode == Mode.hybrid else k) if mode != Mode.dense else []
        dense = self.dense.search(query, POOL if mode == Mode.hybrid else k) if mode != Mode.bm25 else []
        if mode == Mode.bm25:
            ranked = bm25
        elif mode == Mode.dense:
            ranked = dense
        else:
            ranked = fuse(bm25, dense, self.bm25_weight)
        return [self._hit(i, s, bm25, dense) for i, s in ranked[:k]]

    def _hit(self, fid: str, score: float, bm25: list, dense: list) -> Hit:
        f = self.by_id[fid]
        hit = Hit(fid, f.kind, f.title, getattr(f, "department", None), round(score, 6))
        for rank, (i, s) in enumerate(bm25, 1):
            if i == fid:
                hit.bm25_score, hit.bm25_rank = round(s, 6), rank
                break
        for rank, (i, s) in enumerate(dense, 1):
            if i == fid:
                hit.dense_score, hit.dense_rank = round(s, 6), rank
                break
        return hit


def fuse(bm25: list[tuple[str, float]], dense: list[tuple[str, float]],
         weight: float = 0.7) -> list[tuple[str, float]]:
    """Convex combination of the two normalised score lists, best first (ties by id)."""
    fused: dict[str, float] = {}
    if bm25:
        top = bm25[0][1] or 1.0
        for i, s in bm25:
            fused[i] = weight * s / top
    if dense:
        scores = np.array([s for _, s in dense])
        lo, span = scores.min(), float(scores.max() - scores.min()) or 1.0
        for i, s in dense:
            fused[i] = fused.get(i, 0.0) + (1 - weight) * (s - lo) / span
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


def rrf(bm25: list[tuple[str, float]], dense: list[tuple[str, float]], k: int = 60,
        weight: float = 0.5) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion, kept for the comparison in evals/fusion.py."""
    fused: dict[str, float] = {}
    for w, ranked in ((weight, bm25), (1 - weight, dense)):
        for rank, (i, _) in enumerate(ranked, 1):
            fused[i] = fused.get(i, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
