"""Malformed documents warn, naming file and line, and the rest still builds."""
import json

from kb.build import build_facts, parse_document
from kb.parse.common import DocMeta


def meta(genre="procedures", origin="bad.txt"):
    return DocMeta(id="bad", title="坏文档", origin=origin, genre=genre)


def test_empty_document_warns():
    doc = parse_document(meta(), b"\n  \n")
    assert doc.facts == [] and doc.warnings == ["bad.txt: empty document; nothing to parse"]


def test_undecodable_bytes_warn_and_parse_the_rest():
    data = "一、概况。\n本关概况。\n".encode("utf-8") + b"\xff\xfe\xfa\n"
    doc = parse_document(meta("prose"), data)
    assert any("undecodable" in w or "GB18030" in w for w in doc.warnings)
    assert any("本关概况" in f.text for f in doc.facts)


def test_text_outside_any_service_is_reported_unassigned():
    text = "三、业务流程。\n综合业务科\n这一行不属于任何业务。\n一、审单业务。\n（一）作业流程：申报—放行。\n（二）办理时限：1个工作日。\n"
    doc = parse_document(meta(), text.encode("utf-8"))
    assert [f.title for f in doc.facts if f.kind == "service"] == ["审单业务"]
    assert doc.unassigned == [(3, "这一行不属于任何业务。")]
    assert any(w.startswith("bad.txt:3:") for w in doc.warnings)


def test_unknown_field_label_is_kept_as_note_with_warning():
    text = "三、流程。\n综合业务科\n一、审单业务。\n（一）作业流程：申报—放行。\n（二）收费标准：免费。\n"
    doc = parse_document(meta(), text.encode("utf-8"))
    svc = next(f for f in doc.facts if f.kind == "service")
    assert "收费标准：免费" in svc.notes
    assert any(w.startswith("bad.txt:5:") and "unknown field" in w for w in doc.warnings)


def test_unknown_numbering_becomes_prose_not_lost():
    text = "① 第一点内容。\n② 第二点内容。\nA. 另一种编号。\n"
    doc = parse_document(meta("notice"), text.encode("utf-8"))
    assert doc.unassigned == []
    assert "第二点内容" in doc.facts[0].text


def test_bad_document_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.txt").write_text("一、工作时间。\n周一至周五。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "manifest.json").write_text(json.dumps({"documents": [
        {"id": "e", "title": "空", "origin": "empty.txt", "genre": "procedures"},
        {"id": "m", "title": "缺", "origin": "missing.txt", "genre": "procedures"},
        {"id": "g", "title": "好", "origin": "good.txt", "genre": "mystery"},
    ]}), encoding="utf-8")
    result = build_facts(tmp_path)
    assert any("empty.txt" in w for w in result.warnings)
    assert any("missing.txt: cannot read" in w for w in result.warnings)
    assert any("unknown genre 'mystery'" in w for w in result.warnings)
    assert any("周一至周五" in f.text for f in result.facts)
