"""One BM25 assistant over the real facts for the module (no encoder: fast), and a
hybrid one for the tests that check the default path (slow)."""
import pytest

from answering.assistant import Assistant
from indexer.store import open_index


@pytest.fixture(scope="session")
def bot(facts, tmp_path_factory):
    return Assistant(facts, open_index(facts, tmp_path_factory.mktemp("index")), mode="bm25")


def titles(answer):
    return [f.title for f in answer.facts]


def candidate_titles(answer):
    return [f.title for f in answer.candidates]
