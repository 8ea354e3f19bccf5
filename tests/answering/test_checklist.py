"""Checklist files open and carry every document of the service, in its groups."""
import re

import pytest

from answering.checklist import Checklist, document_groups, find_cjk_font
from kb.errors import KBError


def squash(text: str) -> str:
    return re.sub(r"[\s\x00]", "", text)


@pytest.fixture()
def three(services):
    return [services[("综合业务一处", "报关单修撤业务")], services[("综合业务一处", "保金保函业务")],
            services[("卫生检疫处", "船舶吨税执照业务")]]


def test_markdown_has_every_document_as_a_checkbox_with_groups(facts, three):
    md = Checklist.of(three, facts).markdown()
    for s in three:
        assert s.title in md and s.department in md and s.time_limit.raw in md
        for group, items in document_groups(s):
            if group:
                assert f"- **{group}**" in md
            for d in items:
                assert f"- [ ] {d}" in md, d
        for step in s.steps:
            assert step in md
        assert f"第{s.citation.lines[0]}–{s.citation.lines[1]}行" in md
    assert "8:50-11:30" in md  # working hours from the info fact


def test_pdf_opens_and_contains_every_document(facts, three):
    pytest.importorskip("pypdf")
    try:
        find_cjk_font()
    except KBError as exc:
        pytest.skip(f"no CJK font on this machine: {exc}")
    import io

    from pypdf import PdfReader

    data = Checklist.of(three, facts).pdf()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = squash("".join(page.extract_text() for page in reader.pages))
    for s in three:
        assert squash(s.title) in text
        for d in s.documents:
            assert squash(d) in text, d
        assert squash(s.time_limit.raw) in text
        for i, step in enumerate(s.steps, 1):
            assert squash(f"{i}.{step}") in text  # the number stays with its step
    assert squash("申请单位（人）：") in text and squash("办理日期：") in text  # blanks to fill in


def test_a_printout_says_what_it_is_and_where_it_comes_from(facts, three):
    sheet = Checklist.of(three, facts, "大窑湾海关", "2023-05-01")
    assert sheet.filename("pdf") == f"办事清单_报关单修撤业务_保金保函业务_船舶吨税执照业务_{sheet.made_on}.pdf"
    assert sheet.heading.startswith("大窑湾海关 · 原文日期 2023-05-01 · 生成日期 ")
    md = sheet.markdown()
    assert "> 来源：《大窑湾海关政务公开》› 三、各处室业务环节操作流程 › 综合业务一处 › 四、报关单修撤业务（大窑湾海关，2023-05-01，原文第91–107行）" in md
    assert ".txt" not in md


def test_missing_font_is_a_clear_error(facts, three, monkeypatch, tmp_path):
    monkeypatch.setenv("KB_PDF_FONT", str(tmp_path / "none.ttf"))
    with pytest.raises(KBError, match="KB_PDF_FONT"):
        Checklist.of(three, facts).pdf()


def test_service_without_listed_documents_says_so(facts, services):
    bare = next(s for s in services.values() if not s.documents)
    md = Checklist.of([bare], facts).markdown()
    assert "- [ ] " in md and (bare.documents_raw or "原文未列明所需单据") in md


def test_cited_lines_are_the_source_text(services):
    from kb.sources import cited_lines

    s = services[("综合业务一处", "报关单修撤业务")]
    lines = cited_lines(s.citation)
    assert [n for n, _ in lines] == list(range(s.citation.lines[0], s.citation.lines[1] + 1))
    assert "报关单修撤业务" in lines[0][1]
    assert any("修撤情况说明" in text for _, text in lines)
