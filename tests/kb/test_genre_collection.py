"""Real public documents of the genre in several layouts (tests/data/genre, sources in
sources.json) parsed with no code written for them: the services and fields found, scored
against goldens written by reading the documents; statute articles by number and chapter."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.build import parse_document
from kb.facts import Provision, Service
from kb.parse.common import DocMeta
from kb.parse.script import to_simplified

DATA = Path(__file__).resolve().parents[1] / "data" / "genre"
SOURCES = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
GOLDEN = json.loads((DATA / "golden.json").read_text(encoding="utf-8"))
GUIDES = [s for s in SOURCES if s["genre"] == "procedures"]
STATUTES = [s for s in SOURCES if s["genre"] == "statute"]


def parse(source: dict, genre: str | None = None):
    meta = DocMeta(id=source["file"][:12], title=source["title"] or "", origin=source["file"],
                   genre=genre if genre is not None else source["genre"])
    return parse_document(meta, (DATA / source["file"]).read_bytes())


def squash(text) -> str:
    """Compared in Simplified, without white space and edge punctuation per line."""
    if isinstance(text, list):
        return "|".join(squash(t) for t in text)
    return "".join(re.sub(r"^[\s。；;，,]+|[\s。；;，,]+$", "", to_simplified(line)) for line in (text or "").split("\n"))


def field_checks(gold: dict, got: Service) -> dict[str, bool]:
    """One verdict per golden field: names and lists exactly, texts and limits as written
    inside what was parsed (the parsed raw limit may hold its qualifier: 自受理之日起…内办结)."""
    checks = {"title": squash(gold["title"]) == squash(got.title),
              "department": squash(gold["department"] or "") == squash(got.department),
              "documents": squash(gold["documents"]) == squash(got.documents),
              "steps": squash(gold["steps"]) == squash(got.steps),
              "time_limit": bool(got.time_limit) and squash(gold["time_limit"]) in squash(got.time_limit.raw)}
    if "statutory_time_limit" in gold:
        checks["statutory_time_limit"] = bool(got.statutory_time_limit) and \
            squash(gold["statutory_time_limit"]) in squash(got.statutory_time_limit.raw)
    if "time_limit_parts" in gold:
        checks["time_limit_parts"] = bool(got.time_limit) and [squash(p) for p in gold["time_limit_parts"]] == \
            [squash(re.search(r"\d+\s*个?工作日|\d+\s*(?:小时|分钟|天|日)", p.text).group(0)) for p in got.time_limit.parts]
    for name in ("fees", "legal_basis", "conditions", "location", "hours", "contact", "result"):
        if name in gold:
            checks[name] = squash(gold[name]) in squash(getattr(got, name) or "")
    return checks


def score_guides() -> tuple[int, int, int, int, list[str]]:
    found = expected = right = fields = 0
    misses: list[str] = []
    for source in GUIDES:
        services = [f for f in parse(source).facts if isinstance(f, Service)]
        by_title = {squash(s.title): s for s in services}
        for gold in GOLDEN[source["file"]]["services"]:
            expected += 1
            got = by_title.get(squash(gold["title"]))
            checks = field_checks(gold, got) if got else {k: False for k in field_checks(gold, services[0])} \
                if services else {"title": False}
            found += got is not None
            fields += len(checks)
            right += sum(checks.values())
            misses += [f"{source['file']}: {gold['title']}: {k}" for k, ok in checks.items() if not ok]
    return found, expected, right, fields, misses


def test_services_found_and_fields_right():
    found, expected, right, fields, misses = score_guides()
    print(f"services found {found}/{expected}; fields right {right}/{fields}; misses: {misses}")
    assert found / expected >= 0.95, misses
    assert right / fields >= 0.95, misses


@pytest.mark.parametrize("source", STATUTES, ids=lambda s: s["file"])
def test_every_article_is_citable_with_its_number_and_chapter(source):
    result = parse(source)
    articles = [f for f in result.facts if isinstance(f, Provision)]
    gold = GOLDEN[source["file"]]
    assert len(articles) == gold["article_count"] == len(gold["articles"])
    for got, want in zip(articles, gold["articles"]):
        assert got.number == want["number"]
        assert squash(got.chapter or "") == squash(want["chapter"] or "")
        assert squash(got.section or "") == squash(want["section"] or "")
        assert got.body.startswith(want["starts_with"])
        assert got.label.endswith(f"第{got.citation.section.split(' › ')[-1][1:-1]}条")
    assert result.unassigned == [] and not result.warnings


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["file"])
def test_the_genre_is_detected_when_the_manifest_gives_none(source):
    result = parse(source, genre="")
    assert result.meta.genre == source["genre"]
    assert any(r.startswith(f"genre {source['genre']}") for r in result.read_as)


def test_traditional_sources_are_read_and_said_so():
    source = next(s for s in SOURCES if s["file"] == "macau_import_declaration.txt")
    result = parse(source)
    assert result.read_as == ["Traditional Chinese, parsed on a Simplified copy"]
    service = next(f for f in result.facts if isinstance(f, Service))
    assert service.fees == "免费" and service.time_limit is not None


def test_the_dayaowan_guide_in_traditional_gives_the_same_services(services):
    from opencc import OpenCC

    from kb.settings import get_settings

    original = get_settings().corpus_dir / "000_908f02d79280c5dd.txt"
    traditional = OpenCC("s2t").convert(original.read_text(encoding="utf-8"))
    assert traditional != original.read_text(encoding="utf-8")
    meta = DocMeta(id="tw", title="大窯灣海關政務公開", origin="tw.txt", genre="procedures")
    result = parse_document(meta, traditional.encode("utf-8"))
    got = {(squash(f.department), squash(f.title)): f for f in result.facts if isinstance(f, Service)}
    assert len(got) == 55 and result.unassigned == []
    for (department, title), want in services.items():
        tw = got[(squash(department), squash(title))]
        assert squash(tw.steps) == squash(want.steps) and squash(tw.documents) == squash(want.documents)
        assert (tw.time_limit is None) == (want.time_limit is None)
        if want.time_limit:
            assert squash(tw.time_limit.raw) == squash(want.time_limit.raw)
            assert (tw.time_limit.value, tw.time_limit.unit) == (want.time_limit.value, want.time_limit.unit)
        assert [g.name for g in tw.document_groups] == [to_simplified(g.name) for g in want.document_groups]
        assert tw.citation.lines == want.citation.lines
