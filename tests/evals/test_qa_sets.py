"""The shipped QA sets are well formed: every gold resolves, every expected substring is
verbatim in the corpus, and the dev set covers every type and most services and measures."""
import json
from pathlib import Path

import pytest

from evals.qa import TYPES, load_qa
from kb.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
SETS = [ROOT / "evals" / "qa_dev.jsonl", ROOT / "evals" / "qa_holdout.jsonl"]


@pytest.fixture(scope="module")
def corpus_text():
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(get_settings().corpus_dir.glob("*.txt")))


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_set_is_well_formed(path, facts, corpus_text):
    items, problems = load_qa(path, facts)
    assert problems == []
    for it in items:
        for key, subs in it.expect.items():
            if key == "refuse":
                assert it.type == "out_of_scope"
                continue
            for s in subs:
                assert s in corpus_text, f"{path.name}:{it.line} expect {s!r} is not verbatim in the corpus"


def test_dev_set_coverage(facts):
    items, _ = load_qa(SETS[0], facts)
    assert len(items) >= 150
    assert {i.type for i in items} == set(TYPES)
    by_id = {f.id: f for f in facts}
    golds = [g for i in items for g in ([i.gold_ids] if i.gold_ids else []) + i.gold_set_ids]
    services = {ids[0] for ids in golds if by_id[ids[0]].kind == "service"}
    measures = {ids[0] for ids in golds if by_id[ids[0]].kind == "measure"}
    assert len(services) >= 40 and len(measures) >= 25


def test_holdout_is_not_a_copy_of_dev():
    dev = {json.loads(l)["question"] for l in SETS[0].read_text(encoding="utf-8").splitlines() if l.strip()}
    hold = [json.loads(l)["question"] for l in SETS[1].read_text(encoding="utf-8").splitlines() if l.strip()]
    assert not dev & set(hold)
