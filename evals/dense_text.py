"""What a fact's vector should encode: its whole dense text (title and key fields, then the
first 400 characters of its text — what the index does) or less, which would make a first
build faster. Each variant is encoded with the bundled encoder, and the QA sets are
answered with it in hybrid mode; tokens, encoding rate and accuracy per set are printed.

    python -m evals.dense_text [--sets dev holdout blind10 …]

A decision aid, not a test: the README records what it showed and what was chosen.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from indexer.dense import DenseIndex
from kb.facts import Fact

ROOT = Path(__file__).resolve().parent.parent
SETS = ["dev", "holdout", "blind10", "blind6", "oos_real", "colloquial", "fresh"]


def _head(f: Fact) -> str:
    return " ".join(h for h in f.dense_head() if h)


VARIANTS: dict[str, Callable[[Fact], str]] = {
    "title and key fields, text[:400] (the index)": lambda f: f.dense_text(),
    "title and key fields, text[:120]": lambda f: _head(f) + "\n" + f.text[:120],
    "title and key fields only": _head,
}


def _loader(dense: DenseIndex) -> Callable[[], DenseIndex]:
    return lambda: dense


def main(argv: list[str] | None = None) -> int:
    from answering.assistant import Assistant
    from evals.qa import load_qa
    from evals.runner import evaluate
    from indexer.encoders import E5Encoder
    from indexer.search import SearchIndex

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=SETS, help="QA sets (evals/qa_<name>.jsonl)")
    args = parser.parse_args(argv)
    loaded = Assistant.load()
    facts, encoder = loaded.facts, E5Encoder()
    for name, text_of in VARIANTS.items():
        texts = [text_of(f) for f in facts]
        tokens = sum(encoder.token_count(t) for t in texts)
        t0 = time.perf_counter()
        vectors = encoder.passages(texts)
        seconds = time.perf_counter() - t0
        dense = DenseIndex.from_vectors([f.id for f in facts], vectors, encoder)
        index = SearchIndex(facts, loaded.index.bm25, _loader(dense))
        bot = Assistant(facts, index, "hybrid", loaded.settings, loaded.scope, loaded.uncovered,
                        corpus_dir=loaded.settings.corpus_dir)
        scores = []
        for s in args.sets:
            items, _ = load_qa(ROOT / "evals" / f"qa_{s}.jsonl", facts)
            scores.append(f"{s} {evaluate(items, bot.ask, facts).summary['accuracy']:.3f}")
        print(f"{name}: {tokens} tokens encoded in {seconds:.1f} s ({tokens / seconds:.0f} tokens/s) | "
              + " · ".join(scores), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
