"""One BM25 assistant over the real facts for the session (no encoder: fast)."""
import pytest

from answering.assistant import Assistant


@pytest.fixture(scope="session")
def bot(facts, shared_index):
    return Assistant(facts, shared_index, mode="bm25")


def titles(answer):
    return [f.title for f in answer.facts]


def candidate_titles(answer):
    return [f.title for f in answer.candidates]
