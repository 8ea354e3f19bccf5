"""BM25 over facts with rank-bm25; the title and department count several times.

    >>> index = BM25Index.build(facts, tokenizer)
    >>> index.search("吨税执照多久", k=5)   # [(fact id, score), …] best first
"""
from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi

from indexer.tokenize import Tokenizer

TITLE_WEIGHT = 3


def fact_text(fact) -> str:
    """The text a fact is indexed by."""
    parts = [fact.title] * TITLE_WEIGHT
    if fact.kind == "service":
        parts += [fact.department] * 2 + fact.steps + fact.documents + fact.notes
        if fact.time_limit:
            parts.append(fact.time_limit.raw)
    elif fact.kind == "measure":
        parts += [fact.category, fact.body]
    elif fact.kind == "plan_task":
        parts += [fact.section, fact.body, "、".join(fact.responsible_units)]
    else:
        parts.append(fact.text)
    return "\n".join(parts)


class BM25Index:
    def __init__(self, ids: list[str], corpus_tokens: list[list[str]], tokenizer: Tokenizer):
        self.ids = ids
        self.tokenizer = tokenizer
        self._bm25 = BM25Okapi(corpus_tokens)

    @classmethod
    def build(cls, facts: list, tokenizer: Tokenizer) -> BM25Index:
        return cls([f.id for f in facts], [tokenizer.tokens(fact_text(f)) for f in facts], tokenizer)

    def scores(self, query: str) -> np.ndarray:
        tokens = self.tokenizer.tokens(query)
        if not tokens:
            return np.zeros(len(self.ids))
        return self._bm25.get_scores(tokens)

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0]
