"""Compare retrieval signals and fusion rules on a QA set: hit@1/hit@5/MRR of the raw
ranking (no answering layer), over questions with a single gold fact and no history.

    python -m evals.fusion evals/qa_dev.jsonl

This is how the hybrid weight (KB_BM25_WEIGHT, default 0.7) was chosen; run it again after changing the
tokenizer, the encoder or the indexed text.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from evals.qa import load_qa
from indexer.search import POOL, fuse, rrf
from indexer.store import open_index
from kb.build import ensure_facts


def rank_metrics(rankings: list[list[str]], golds: list[list[str]]) -> dict[str, float]:
    n = len(golds)
    first = []
    for ranked, gold in zip(rankings, golds):
        first.append(next((r for r, i in enumerate(ranked, 1) if i in gold), None))
    return {"hit@1": sum(1 for r in first if r == 1) / n, "hit@5": sum(1 for r in first if r and r <= 5) / n,
            "mrr": sum(1 / r for r in first if r) / n}


def compare(path: Path) -> list[list]:
    facts, _ = ensure_facts()
    index = open_index(facts, dense_now=True)
    items, _ = load_qa(path, facts)
    items = [it for it in items if len(it.gold_ids) == 1 and not it.history]
    golds = [it.gold_ids for it in items]
    runs = {}
    pools = [(index.bm25.search(it.question, POOL), index.dense.search(it.question, POOL)) for it in items]
    runs["bm25"] = [[i for i, _ in b] for b, _ in pools]
    runs["dense"] = [[i for i, _ in d] for _, d in pools]
    for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        runs[f"convex w={w}"] = [[i for i, _ in fuse(b, d, w)] for b, d in pools]
    for w in (0.5, 0.7):
        runs[f"rrf k=60 w={w}"] = [[i for i, _ in rrf(b, d, 60, w)] for b, d in pools]
    rows = []
    for name, rankings in runs.items():
        m = rank_metrics(rankings, golds)
        rows.append([name, len(golds), f"{m['hit@1']:.3f}", f"{m['hit@5']:.3f}", f"{m['mrr']:.3f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="evals/qa_dev.jsonl")
    args = parser.parse_args()
    print("| ranking | n | hit@1 | hit@5 | MRR |\n| --- | ---: | ---: | ---: | ---: |")
    for row in compare(Path(args.file)):
        print("| " + " | ".join(str(c) for c in row) + " |")


if __name__ == "__main__":
    main()
