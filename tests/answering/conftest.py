"""One BM25 assistant over the real facts and manifest for the session (no encoder: fast)."""
import pytest

from answering.assistant import Assistant
from answering.scope import Scope
from kb.build import load_manifest, manifest_options
from kb.settings import get_settings


@pytest.fixture(scope="session")
def bot(facts, shared_index):
    corpus = get_settings().corpus_dir
    scope = Scope.of(load_manifest(corpus), facts, **manifest_options(corpus))
    return Assistant(facts, shared_index, mode="bm25", scope=scope)


def titles(answer):
    return [f.title for f in answer.facts]


def candidate_titles(answer):
    return [f.title for f in answer.candidates]
