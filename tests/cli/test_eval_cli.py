"""`kb eval` end to end on a small slice of the dev set, with the real answering API."""
import json
from pathlib import Path

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_eval_slice_writes_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    out = tmp_path / "report"
    code = main(["eval", str(ROOT / "evals" / "qa_dev.jsonl"), "--limit", "12", "--out", str(out),
                 "--mode", "bm25"])
    printed = capsys.readouterr().out
    assert code == 0 and "| **all** | 12 |" in printed and "hit@1" in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["n"] == 12 and len(report["answers"]) == 12
    assert (out / "per_type.png").stat().st_size > 1000
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Failures" in md


def test_eval_min_threshold_and_bad_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    qa = tmp_path / "qa.jsonl"
    qa.write_text('{"id": "x", "question": "护照怎么换", "type": "out_of_scope", "gold": null, '
                  '"expect": {"refuse": true}}\n{broken\n', encoding="utf-8")
    assert main(["eval", str(qa), "--out", str(tmp_path / "r"), "--min", "1.01", "--mode", "bm25"]) == 1
    err = capsys.readouterr().err
    assert f"{qa}:2: bad JSON" in err and "under --min" in err and "Traceback" not in err
    assert main(["eval", str(qa), "--strict", "--out", str(tmp_path / "r")]) == 2
    assert main(["eval", str(tmp_path / "missing.jsonl")]) == 1
