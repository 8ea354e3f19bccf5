"""Whole-corpus invariants: citations, line coverage, determinism, stable ids."""
import json
import shutil

from kb.build import build_facts, ensure_facts, facts_are_fresh, read_facts, write_build
from kb.facts import FactAdapter
from kb.settings import get_settings


def _cited_text(build, fact) -> str:
    doc = next(d for d in build.docs if d.meta.origin == fact.citation.origin)
    start, end = fact.citation.lines
    return "".join(t.strip() for t in doc.lines[start - 1:end])


def test_counts(real_build):
    assert real_build.report["facts"]["service"] == 55
    assert real_build.report["facts"]["measure"] == 43
    assert real_build.report["facts"]["plan_task"] == 30


def test_every_citation_contains_its_title(real_build):
    for fact in real_build.facts:
        assert fact.title, fact.id
        assert fact.title.replace(" ", "") in _cited_text(real_build, fact).replace(" ", ""), (fact.id, fact.title)


def test_every_nonblank_line_is_assigned(real_build):
    assert real_build.report["unassigned"] == []
    for doc in real_build.docs:
        owned = set()
        for fact in doc.facts:
            owned.update(range(fact.citation.lines[0], fact.citation.lines[1] + 1))
        owned.update(n for n, _ in doc.dropped)
        # headings that only give a section path are recorded too; together: every line
        nonblank = {i for i, t in enumerate(doc.lines, start=1) if t.strip()}
        headings_only = nonblank - owned
        for n in headings_only:
            text = doc.lines[n - 1].strip()
            assert len(text) <= 40, f"{doc.meta.origin}:{n} is neither cited nor a heading: {text}"


def test_boilerplate_dropped_only_from_the_article(real_build):
    dropped = {d.meta.origin[:3]: len(d.dropped) for d in real_build.docs}
    assert dropped["002"] > 0 and all(v == 0 for k, v in dropped.items() if k != "002")


def test_ids_unique_and_stable_across_builds(real_build):
    ids = [f.id for f in real_build.facts]
    assert len(ids) == len(set(ids))
    again = build_facts(get_settings().corpus_dir)
    assert [f.id for f in again.facts] == ids


def test_build_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        write_build(build_facts(get_settings().corpus_dir), out, get_settings().corpus_dir)
    for name in ("facts.jsonl", "build_report.json", "facts.manifest.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_facts_round_trip_through_json(real_build):
    for fact in real_build.facts:
        assert FactAdapter.validate_json(fact.model_dump_json()) == fact


def test_stale_or_damaged_facts_are_rebuilt(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    shutil.copytree(get_settings().corpus_dir, corpus)
    out = tmp_path / "build"
    facts, built = ensure_facts(corpus, out)
    assert built is not None and facts_are_fresh(out, corpus)
    assert ensure_facts(corpus, out)[1] is None  # fresh: reused
    with (out / "facts.jsonl").open("a", encoding="utf-8") as fh:
        fh.write('{"kind": "service"}\n')  # tampered
    caplog.clear()
    facts2, rebuilt = ensure_facts(corpus, out)
    messages = caplog.messages
    assert rebuilt is not None and messages and len(facts2) == len(facts)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    (corpus / manifest["documents"][0]["origin"]).write_text("一、新概况。\n", encoding="utf-8")
    assert not facts_are_fresh(out, corpus)
    assert len(read_facts(out / "facts.jsonl")) == len(facts)
