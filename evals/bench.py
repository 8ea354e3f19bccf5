"""Benchmarks: index build time, peak memory and warm search / answer latency, on the real
corpus and on synthetic corpora ×10 and ×100 made by perturbing the real facts.

    kb bench [--scales 1 10 100] [--queries N] [--mode hybrid]

Numbers are printed as a table (medians and p95 over the questions); nothing here is a
timed test. Memory is the peak of Python allocations while building the BM25 part
(tracemalloc). Dense vectors: the real facts are encoded for real (their rate is
reported); a synthetic copy gets its original's vector plus small noise, re-normalised —
FAISS's flat search costs the same whatever the vectors hold, and encoding 20 000 facts
would take a quarter of an hour without measuring anything new. Query vectors are
always computed by the encoder: the first pass over the questions is uncached ("search"),
a second pass hits the LRU cache ("repeat"); "ask" (the whole answering path) runs with
the cache emptied first.
"""
from __future__ import annotations

import random
import statistics
import time
import tracemalloc

import numpy as np

from answering.assistant import Assistant
from evals.metrics import percentile
from indexer.bm25 import BM25Index
from indexer.dense import DenseIndex
from indexer.search import SearchIndex
from indexer.tokenize import Tokenizer

_NOISE = ["进口", "出口", "跨境", "保税", "船舶", "冷链", "综合", "现场", "电子", "特殊"]


def synthetic_facts(facts: list, scale: int, seed: int = 7) -> list:
    """``scale`` copies of every fact; copies after the first get perturbed titles and
    bodies (a prefixed word, shuffled steps) and ids of their own."""
    rng = random.Random(seed)
    out = list(facts)
    for copy in range(1, scale):
        for f in facts:
            word = rng.choice(_NOISE)
            update = {"id": f"{f.id}-x{copy}", "title": word + f.title, "text": word + f.text}
            if f.kind == "service":
                steps = list(f.steps)
                rng.shuffle(steps)
                update.update(steps=steps, department=f.department)
            out.append(f.model_copy(update=update))
    return out


def synthetic_vectors(base: np.ndarray, scale: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    copies = [base] + [base + rng.normal(0, 0.02, base.shape).astype(np.float32) for _ in range(1, scale)]
    v = np.vstack(copies)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _timed(fn, questions: list[str]) -> list[float]:
    out = []
    for q in questions:
        t = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_scale(facts: list, base: DenseIndex, questions: list[str], scale: int, mode: str) -> dict:
    corpus = synthetic_facts(facts, scale)
    t0 = time.perf_counter()
    bm25 = BM25Index.build(corpus, Tokenizer.from_facts(corpus))
    build_s = time.perf_counter() - t0
    tracemalloc.start()  # a second build, for memory only: tracing slows it several-fold
    BM25Index.build(corpus, Tokenizer.from_facts(corpus))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    dense = DenseIndex.from_vectors([f.id for f in corpus], synthetic_vectors(base.vectors, scale), base.encoder)
    index = SearchIndex(corpus, bm25, lambda: dense)
    index.search("预热", mode=mode)
    search = _timed(lambda q: index.search(q, 10, mode), questions)
    repeat = _timed(lambda q: index.search(q, 10, mode), questions)
    bot = Assistant(corpus, index, mode)
    dense._cache.clear()  # answers are timed like a first-time question: the encoder runs
    ask = _timed(bot.ask, questions)
    return {"scale": scale, "facts": len(corpus), "build_s": build_s, "peak_mb": peak / 2**20,
            "search_p50": statistics.median(search), "search_p95": percentile(search, 0.95),
            "repeat_p50": statistics.median(repeat), "ask_p50": statistics.median(ask),
            "ask_p95": percentile(ask, 0.95)}


def encode_real(facts: list) -> tuple[DenseIndex, float]:
    """The real facts' dense index and its encoding rate (facts per second)."""
    from indexer.encoders import make_encoder

    encoder = make_encoder()
    t0 = time.perf_counter()
    index = DenseIndex.build(facts, encoder)
    return index, len(facts) / (time.perf_counter() - t0)


def default_questions(facts: list, n: int = 40) -> list[str]:
    """``n`` distinct questions: service titles with a question tail, and a few others."""
    rng = random.Random(3)
    services = [f for f in facts if f.kind == "service"]
    suffixes = ["要多久", "需要什么材料", "怎么办理", "在哪个处室办", "流程", "办理时限是多少"]
    qs: list[str] = []
    while len(qs) < n - 4:
        q = rng.choice(services).title + rng.choice(suffixes)
        if q not in qs:
            qs.append(q)
    return qs + ["护照怎么换", "工作时间", "第29条措施", "保证金"]
