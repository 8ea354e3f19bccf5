"""`kb ask` and `kb checklist` through the real entry point."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main

KB = str(Path(sys.executable).parent / "kb")


@pytest.fixture()
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    return tmp_path / "build"


def test_ask_json_is_the_contract(build_dir, capsys):
    assert main(["ask", "报关单填错了想改怎么弄", "--json", "--mode", "bm25"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "answered" and answer["facts"][0]["title"] == "报关单修撤业务"
    assert answer["facts"][0]["citation"]["origin"] == "000_908f02d79280c5dd.txt"


def test_ask_with_history(build_dir, capsys):
    assert main(["ask", "那要多久", "--history", "吨税执照要带什么材料", "--json", "--mode", "bm25"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["intent"] == "time_limit" and answer["facts"][0]["title"] == "船舶吨税执照业务"


def test_history_takes_every_turn_up_to_the_next_option(build_dir, capsys):
    # each turn is resolved with the ones before it: 第12条 → 下一条 (13) → 下一条 (14)
    assert main(["ask", "下一条呢", "--history", "第12条措施", "下一条呢", "--json", "--mode", "bm25"]) == 0
    assert json.loads(capsys.readouterr().out)["facts"][0]["number"] == 14
    assert main(["ask", "下一条呢", "--history", "第12条措施", "--history", "下一条呢", "--json",
                 "--mode", "bm25"]) == 0
    assert json.loads(capsys.readouterr().out)["facts"][0]["number"] == 14
    assert main(["ask", "下一条呢", "--history", "第12条措施", "--json", "--mode", "bm25"]) == 0
    assert json.loads(capsys.readouterr().out)["facts"][0]["number"] == 13


def test_history_may_be_empty(build_dir, capsys):
    assert main(["ask", "第12条措施", "--history", "--json", "--mode", "bm25"]) == 0
    assert json.loads(capsys.readouterr().out)["facts"][0]["number"] == 12
    assert main(["ask", "第12条措施", "--mode", "bm25", "--history"]) == 0
    assert "第12条" in capsys.readouterr().out


def test_ask_prints_the_cited_source_lines(build_dir, capsys):
    assert main(["ask", "报关单修撤要多久", "--source", "--mode", "bm25"]) == 0
    out = capsys.readouterr().out
    assert "000_908f02d79280c5dd.txt lines 91–107" in out and "   91  四、报关单修撤业务" in out


def test_ask_text_output_and_missing_question(build_dir, capsys):
    assert main(["ask", "护照怎么换", "--mode", "bm25"]) == 0
    assert "not found" in capsys.readouterr().out
    assert main(["ask"]) == 2
    assert "--batch" in capsys.readouterr().err


def test_batch_round_trip_through_stdin(build_dir, tmp_path):
    lines = [{"question": "报关单填错了想改，要多久", "history": []}, {"question": "护照怎么换", "history": []},
             {"question": "出口的呢", "history": ["进口转关要什么单据"]}]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:2]) + "\n{not json\n" + \
        json.dumps(lines[2], ensure_ascii=False) + "\n"
    result = subprocess.run([KB, "ask", "--batch", "-", "--mode", "bm25"], input=stdin, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "KB_BUILD_DIR": str(build_dir)})
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["status"] for a in answers] == ["answered", "not_found", "not_found", "answered"]
    assert answers[0]["question"] == lines[0]["question"] and answers[0]["facts"][0]["time_limit"] == "3个工作日"
    assert "第3行" in answers[2]["answer"] and "line 3" in result.stderr
    assert answers[3]["facts"][0]["title"] == "出口转关作业流程"


def test_batch_file_and_missing_file(build_dir, tmp_path, capsys):
    qa = tmp_path / "q.jsonl"
    qa.write_text('{"question": "第12条措施"}\n\n{"question": "工作时间", "history": "oops"}\n', encoding="utf-8")
    assert main(["ask", "--batch", str(qa), "--mode", "bm25"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 2 and out[0]["facts"][0]["number"] == 12 and out[1]["status"] == "not_found"
    assert main(["ask", "--batch", str(tmp_path / "missing.jsonl")]) == 2


def test_batch_lines_end_at_newline_only_and_bad_utf8_is_reported_per_line(build_dir, tmp_path, capsys):
    qa = tmp_path / "q.jsonl"  # JSON may carry a raw CR inside a string; only \n ends a line
    qa.write_bytes('{"question": "第12条\r措施"}\n'.encode() + b'{"question": "\xff\xfe"}\n' +
                   '{"question": "工作时间"}\r\n'.encode())
    assert main(["ask", "--batch", str(qa), "--mode", "bm25"]) == 0
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert len(out) == 3 and out[0]["question"] == "第12条\r措施"  # one line, not two
    assert out[1]["status"] == "not_found" and "line 2: not UTF-8 (byte 0xff at byte 15)" in captured.err
    assert out[2]["question"] == "工作时间" and out[2]["status"] != "not_found"


def test_checklist_command_writes_both_files(build_dir, tmp_path, capsys):
    out = tmp_path / "lists"
    assert main(["checklist", "报关单修撤业务", "吨税执照", "--out", str(out), "--format", "md"]) == 0
    printed = capsys.readouterr().out
    assert "船舶吨税执照业务 · 卫生检疫处" in printed
    md = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "- [ ] 修撤情况说明" in md
    assert main(["checklist", "审单业务", "--stdout"]) == 1
    assert "--department" in capsys.readouterr().err
    assert main(["checklist", "审单业务", "--department", "保税监管处", "--stdout"]) == 0
    assert "保税监管处" in capsys.readouterr().out


@pytest.mark.slow
def test_batch_with_the_default_hybrid_mode(build_dir):
    stdin = '{"question": "报关单填错了想改，要多久", "history": []}\n{"question": "护照怎么换", "history": []}\n'
    result = subprocess.run([KB, "ask", "--batch", "-"], input=stdin, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KB_BUILD_DIR": str(build_dir)})
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["status"] for a in answers] == ["answered", "not_found"]


def _fuzz_lines(n: int, seed: int = 13) -> bytes:
    """``n`` JSON Lines as hostile input makes them: dev questions and histories, and lines
    with lone surrogates, objects nested a thousand deep, wrong types, a 300 000-character
    history, invalid UTF-8 bytes, truncated JSON — every line non-blank."""
    import random

    rng = random.Random(seed)
    rows = [json.loads(line) for line in (Path(__file__).resolve().parents[2] / "evals" / "qa_dev.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[bytes] = []
    for i in range(n):
        row = rng.choice(rows)
        q, h = row["question"], row.get("history") or []
        kind = i % 10
        if kind == 0:
            line = '{"question": "\\ud800' + q + '", "history": ["\\udfff"]}'
        elif kind == 1:
            line = '{"question": "x", "history": ' + "[" * 1000 + "]" * 1000 + "}"
        elif kind == 2:
            line = json.dumps({"question": q, "history": ["报关" * 150_000]}, ensure_ascii=False)
        elif kind == 3:
            line = json.dumps(rng.choice([[q], {"question": 5}, {"question": q, "history": "x"}, "q", None]))
        elif kind == 4:
            out.append(json.dumps({"question": q}, ensure_ascii=False).encode()[:-3] + b"\xff\xfe\"}")
            continue
        elif kind == 5:
            line = json.dumps({"question": q, "history": h}, ensure_ascii=False)[: rng.randint(1, 20)]
        else:
            line = json.dumps({"question": q, "history": h}, ensure_ascii=False)
        out.append(line.encode("utf-8"))
    return b"\n".join(out) + b"\n"


def test_no_line_stops_a_batch(build_dir):
    lines = _fuzz_lines(40)
    result = subprocess.run([KB, "ask", "--batch", "-", "--mode", "bm25"], input=lines, capture_output=True,
                            timeout=300, env={**os.environ, "KB_BUILD_DIR": str(build_dir)})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert len(answers) == 40  # one answer per line, in order, none lost
    assert answers[0]["status"] != "not_found" and "\ufffd" in answers[0]["question"]  # surrogate replaced
    assert answers[1]["status"] == "not_found" and "nested too deep" in answers[1]["answer"]
    assert answers[2]["status"] == "answered"  # the 300 000-character history turn is left out, not read
    assert all(a["status"] == "not_found" for a in answers[3::10])


@pytest.mark.slow
def test_a_ten_thousand_line_fuzz_batch_answers_every_line(build_dir):
    result = subprocess.run([KB, "ask", "--batch", "-", "--mode", "bm25"], input=_fuzz_lines(10_000),
                            capture_output=True, timeout=1200, env={**os.environ, "KB_BUILD_DIR": str(build_dir)})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    assert len(result.stdout.decode("utf-8").splitlines()) == 10_000
