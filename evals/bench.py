"""Benchmarks: index build time, peak memory and warm answer latency, on the real corpus
and on synthetic corpora ×10 and ×100 made by perturbing the real facts.

    kb bench [--scales 1 10 100] [--queries N]

Numbers are printed as a table (medians and p95 over repeated queries); nothing here is
a timed test. Memory is the peak of Python allocations while building (tracemalloc).
"""
from __future__ import annotations

import random
import statistics
import time
import tracemalloc

from answering.assistant import Assistant
from evals.metrics import percentile
from indexer.bm25 import BM25Index
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


def bench_scale(facts: list, questions: list[str], scale: int, repeats: int = 3) -> dict:
    corpus = synthetic_facts(facts, scale)
    t0 = time.perf_counter()
    tokenizer = Tokenizer.from_facts(corpus)
    index = BM25Index.build(corpus, tokenizer)
    build_s = time.perf_counter() - t0
    tracemalloc.start()  # a second build, for memory only: tracing slows it several-fold
    BM25Index.build(corpus, Tokenizer.from_facts(corpus))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    bot = Assistant(corpus, index)
    for q in questions[:5]:
        bot.ask(q)  # warm up
    latencies = []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            bot.ask(q)
            latencies.append((time.perf_counter() - t) * 1000)
    return {"scale": scale, "facts": len(corpus), "build_s": build_s, "peak_mb": peak / 2**20,
            "p50_ms": statistics.median(latencies), "p95_ms": percentile(latencies, 0.95)}


def default_questions(facts: list, n: int = 40) -> list[str]:
    rng = random.Random(3)
    services = [f for f in facts if f.kind == "service"]
    suffixes = ["要多久", "需要什么材料", "怎么办理", "在哪个处室办"]
    qs = [rng.choice(services).title + rng.choice(suffixes) for _ in range(n - 4)]
    return qs + ["护照怎么换", "工作时间", "第29条措施", "保证金"]
