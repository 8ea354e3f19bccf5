"""BM25 over facts: rank-bm25 computes the statistics, postings lists score the query.

    >>> index = BM25Index.build(facts, tokenizer)
    >>> index.search("吨税执照多久", k=5)   # [(fact id, score), …] best first

rank-bm25's ``get_scores`` walks every document in Python for every query term, which
costs ~150 ms at 20 000 facts. The weights it would compute are fixed once the corpus is,
so they are precomputed per (term, document) from its own idf, document lengths and
k1/b, and a query adds up the postings of its terms: the same scores (a test checks
this against rank-bm25) at a fraction of the cost. What is indexed: each fact's ``index_text()``.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from indexer.tokenize import Tokenizer
from kb.facts import Fact
from kb.files import write_atomically


class BM25Index:
    """Postings per term: ``offsets[t]:offsets[t+1]`` index ``docs`` and ``weights``."""

    def __init__(self, ids: list[str], vocab: list[str], offsets: np.ndarray, docs: np.ndarray,
                 weights: np.ndarray, tokenizer: Tokenizer):
        self.ids, self.vocab, self.tokenizer = ids, vocab, tokenizer
        self.term_row = {t: i for i, t in enumerate(vocab)}
        self.offsets, self.docs, self.weights = offsets, docs, weights

    @classmethod
    def build(cls, facts: list[Fact], tokenizer: Tokenizer, progress=None) -> BM25Index:
        corpus = []
        for f in facts:
            corpus.append(tokenizer.tokens(f.index_text()))
            if progress:
                progress(1)
        return cls.from_tokens([f.id for f in facts], corpus, tokenizer)

    @classmethod
    def from_tokens(cls, ids: list[str], corpus: list[list[str]], tokenizer: Tokenizer) -> BM25Index:
        bm25 = BM25Okapi(corpus)
        postings: dict[str, tuple[list[int], list[float]]] = {}  # term → (documents, weights)
        for d, (freqs, length) in enumerate(zip(bm25.doc_freqs, bm25.doc_len)):
            norm = bm25.k1 * (1 - bm25.b + bm25.b * length / bm25.avgdl)
            for term, f in freqs.items():
                w = bm25.idf.get(term, 0.0) * f * (bm25.k1 + 1) / (f + norm)
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(d)
                weights.append(w)
        vocab = sorted(postings)
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(postings[t][0]) for t in vocab])
        doc_rows = np.fromiter((d for t in vocab for d in postings[t][0]), dtype=np.int32, count=int(offsets[-1]))
        weight_rows = np.fromiter((w for t in vocab for w in postings[t][1]), dtype=np.float64,
                                  count=int(offsets[-1]))
        return cls(ids, vocab, offsets, doc_rows, weight_rows, tokenizer)

    def scores(self, query: str) -> np.ndarray:
        scores = np.zeros(len(self.ids))
        for token in self.tokenizer.tokens(query):
            row = self.term_row.get(token)
            if row is not None:
                lo, hi = self.offsets[row], self.offsets[row + 1]
                scores[self.docs[lo:hi]] += self.weights[lo:hi]  # a term's documents are distinct
        return scores

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        scores = self.scores(query)
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    # -- persistence: bm25_postings.npz (arrays) + bm25_vocab.json (terms) ------------------
    def save(self, folder: Path) -> list[str]:
        buffer = io.BytesIO()  # whole files, renamed into place: a reader never sees half of one
        np.savez(buffer, offsets=self.offsets, docs=self.docs, weights=self.weights)
        write_atomically(folder / "bm25_postings.npz", buffer.getvalue())
        write_atomically(folder / "bm25_vocab.json", json.dumps(self.vocab, ensure_ascii=False).encode("utf-8"))
        return ["bm25_postings.npz", "bm25_vocab.json"]

    @classmethod
    def load(cls, folder: Path, ids: list[str], tokenizer: Tokenizer) -> BM25Index:
        with np.load(folder / "bm25_postings.npz") as z:
            offsets, docs, weights = z["offsets"], z["docs"], z["weights"]
        vocab = json.loads((folder / "bm25_vocab.json").read_text(encoding="utf-8"))
        if len(offsets) != len(vocab) + 1 or (len(docs) and docs.max() >= len(ids)):
            raise ValueError("BM25 postings do not match the vocabulary or the fact ids")
        return cls(ids, vocab, offsets, docs, weights, tokenizer)
