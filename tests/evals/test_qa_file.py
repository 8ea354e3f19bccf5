"""QA files: malformed lines are reported with their line numbers and skipped."""
import json

import pytest

from evals.qa import QAFileError, load_qa


def test_bad_lines_reported_with_line_numbers(tmp_path, facts):
    good = {"id": "g1", "question": "吨税多久", "type": "time_limit",
            "gold": {"kind": "service", "department": "卫生检疫处", "title": "船舶吨税执照业务"},
            "expect": {"time_limit_contains": ["工作日内随时办理"]}}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({**good, "id": "g2", "type": "weather"}),
        json.dumps({**good, "id": "g3", "gold": {"kind": "service", "department": "无此处", "title": "无此业务"}},
                   ensure_ascii=False),
        json.dumps({**good, "id": "g4", "gold": {"kind": "service", "title": "审单业务"}}, ensure_ascii=False),
        "",
        json.dumps(good, ensure_ascii=False),  # duplicate id
        json.dumps({"id": "o1", "question": "护照", "type": "out_of_scope", "gold": None, "expect": {"refuse": True}}),
    ]
    path = tmp_path / "qa.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items, problems = load_qa(path, facts)
    assert [i.id for i in items] == ["g1", "o1"]
    assert [n for n, _ in problems] == [2, 3, 4, 5, 7]
    assert "bad JSON" in problems[0][1] and "unknown type 'weather'" in problems[1][1]
    assert "matches no fact" in problems[2][1] and "matches no fact" in problems[3][1]
    assert "duplicate id" in problems[4][1]


def test_missing_or_undecodable_file(tmp_path, facts):
    with pytest.raises(QAFileError, match="no QA file"):
        load_qa(tmp_path / "none.jsonl", facts)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(QAFileError, match="not UTF-8"):
        load_qa(bad, facts)
