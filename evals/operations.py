"""What an operator waits for, measured as they would meet it: a first build, a rebuild
after one document line is edited, a cold `kb ask` (process start to answer), the app's
start until its page answers, and warm answers against one encoder pass.

    kb bench --operations-only --runs 5

Everything runs in a temporary copy of the corpus with its own build folder, through the
real commands (`kb build`, `kb ask`, `python app.py`) in fresh processes, so nothing
of the user's build is touched and no warm cache of this process helps. Medians of
``runs``; a benchmark, not a test (this machine is shared: only the medians mean much).

The floors are what the encoder alone costs: the facts' dense texts at the encoder's
measured tokens per second (a first build cannot be faster), the changed facts' share
of it (a rebuild), one query encoding (an answer that needs the encoder).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evals.load import dev_questions, free_port, start_app, stop_app
from evals.metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
EDIT_MARK = "（注）"  # appended to one cited line of one fact: the document edit of a rebuild


@dataclass
class Figure:
    name: str
    measured: str
    target: str
    floor: str


def _kb(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).with_name("kb")), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kb {' '.join(args)} failed ({done.returncode}): {done.stderr[-1500:]}")
    return time.perf_counter() - t0, done


def _dense_part(build: Path) -> dict:
    return json.loads((build / "index" / "manifest.json").read_text(encoding="utf-8"))["parts"]["dense"]


def edit_one_line(corpus: Path, build: Path) -> str:
    """Append EDIT_MARK to the last cited line of the first service (else the first fact):
    one fact's text changes, as when an office corrects a document list. Returns its id."""
    facts = [json.loads(line) for line in (build / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    fact = next((f for f in facts if f["kind"] == "service"), facts[0])
    path = corpus / fact["citation"]["origin"]
    lines = path.read_text(encoding="utf-8").split("\n")
    last = fact["citation"]["lines"][1] - 1
    lines[last] = lines[last].rstrip() + EDIT_MARK
    path.write_text("\n".join(lines), encoding="utf-8")
    return fact["id"]


def encoder_floor(build: Path) -> dict:
    """Tokens of the facts' dense texts and the bundled encoder's rate on them (tokens/s),
    and the median time of one query encoding over the service titles as questions."""
    from indexer.encoders import E5Encoder
    from kb.build import read_facts

    facts = read_facts(build / "facts.jsonl")
    encoder = E5Encoder()
    texts = [f.dense_text() for f in facts]
    tokens = sum(encoder.token_count(t) for t in texts)
    t0 = time.perf_counter()
    encoder.passages(texts)
    rate = tokens / (time.perf_counter() - t0)
    questions = [f.title + "要多久" for f in facts if f.kind == "service"][:40]
    encoder.queries(questions[:1])
    passes = []
    for q in questions:
        t = time.perf_counter()
        encoder.queries([q])
        passes.append((time.perf_counter() - t) * 1000)
    return {"facts": len(facts), "tokens": tokens, "tokens_per_s": rate, "query_ms": statistics.median(passes)}


@contextmanager
def _environment(**variables: str) -> Iterator[None]:
    """``variables`` set in this process's environment for the block, then restored."""
    saved = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def warm_answers(build: Path, corpus: Path, qa_file: Path) -> dict:
    """Answer latency p50/p95 over a QA set's questions with the query-vector cache emptied
    before each (every question asked for the first time), and the share of answers that
    needed no query encoding (a number, a topic, a follow-up the conversation settles)."""
    from answering.assistant import Assistant

    with _environment(KB_BUILD_DIR=str(build), KB_CORPUS_DIR=str(corpus), KB_NO_PROGRESS="1"):
        bot = Assistant.load()
    items = dev_questions(qa_file)
    bot.ask(items[0][0], [])
    times, encoded = first_time_answers(bot, items)
    return {"n": len(items), "p50": statistics.median(times), "p95": percentile(times, 0.95),
            "no_encoding": 1 - encoded / len(items)}


def first_time_answers(bot, items: list[tuple[str, list[str]]]) -> tuple[list[float], int]:
    """Each (question, history) answered as if asked for the first time — the query-vector
    cache emptied before it: the latencies (ms) and how many answers encoded their question."""
    dense = bot.index.dense
    times, encoded = [], 0
    for question, history in items:
        dense._cache.clear()
        t = time.perf_counter()
        bot.ask(question, history)
        times.append((time.perf_counter() - t) * 1000)
        encoded += bool(dense._cache)
    return times, encoded


def measure(runs: int = 3, qa_file: Path | None = None) -> list[Figure]:
    """The operations table; each subprocess figure is the median of ``runs``."""
    qa_file = qa_file or ROOT / "evals" / "qa_dev.jsonl"
    from kb.settings import get_settings

    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        corpus, build = Path(tmp) / "corpus", Path(tmp) / "build"
        shutil.copytree(get_settings().corpus_dir, corpus)
        (Path(tmp) / "data").mkdir()
        env = {**os.environ, "KB_CORPUS_DIR": str(corpus), "KB_BUILD_DIR": str(build), "KB_NO_PROGRESS": "1",
               "KB_DATA_DIR": str(Path(tmp) / "data")}
        env.pop("KB_DATABASE_URL", None)
        first, _ = _kb(["build"], env)
        first_dense = _dense_part(build)["build_seconds"]
        floor = encoder_floor(build)
        edit_one_line(corpus, build)
        rebuild, _ = _kb(["build"], env)
        part = _dense_part(build)
        cold = statistics.median(_kb(["ask", "报关单填错了想改，要多久", "--json"], env)[0] for _ in range(runs))
        ready = []
        for _ in range(runs):
            t0 = time.perf_counter()
            proc, _, _ = start_app(free_port(), Path(tmp) / "data", settings={
                "KB_CORPUS_DIR": str(corpus), "KB_BUILD_DIR": str(build)}, poll_s=0.1)
            ready.append(time.perf_counter() - t0)
            stop_app(proc)
        warm = warm_answers(build, corpus, qa_file)
    per_fact_s = floor["tokens"] / floor["facts"] / floor["tokens_per_s"]
    q = floor["query_ms"]
    return [
        Figure(f"first build ({floor['facts']} facts)",
               f"{first:.1f} s (dense part {first_dense:.1f} s: {floor['tokens']} tokens)",
               "at the encoder's floor", f"{floor['tokens'] / floor['tokens_per_s']:.1f} s "
                                         f"({floor['tokens_per_s']:.0f} tokens/s)"),
        Figure("rebuild after one document line is edited",
               f"{rebuild:.1f} s ({part['encoded']} fact encoded, {part['reused']} reused)", "≤ 3 s",
               f"{part['encoded'] * per_fact_s:.2f} s"),
        Figure("cold `kb ask` (process start to answer)", f"{cold:.2f} s", "≤ 1.5 s", f"{q:.0f} ms + model load"),
        Figure("app ready (start to page answering, warm-up included)", f"{statistics.median(ready):.1f} s", "≤ 8 s",
               "—"),
        Figure(f"warm answer, first-time questions ({qa_file.name}, n={warm['n']})",
               f"p50 {warm['p50']:.1f} ms · p95 {warm['p95']:.1f} ms · {warm['no_encoding']:.0%} without encoding "
               f"· p50 = {warm['p50'] / q:.2f} × one encoder pass", f"p50 ≤ {q / 1.5:.1f} ms (1.5× faster than "
                                                                  "one encoder pass)", f"{q:.1f} ms"),
    ]
