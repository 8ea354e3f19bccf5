"""`kb add`: a new office's guide becomes cards to ask about; a file that cannot be a
document is refused with a sentence and changes nothing."""
import json
import shutil
from pathlib import Path

import pytest

from cli.main import main
from kb.settings import get_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "genre"


@pytest.fixture()
def corpus(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    shutil.copytree(get_settings().corpus_dir, folder)
    monkeypatch.setenv("KB_CORPUS_DIR", str(folder))
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setenv("KB_NO_PROGRESS", "1")
    return folder


def state(folder: Path) -> tuple[str, list[str]]:
    return (folder / "manifest.json").read_text(encoding="utf-8"), sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("content,why", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ("办理时限".encode("utf-16"), "neither UTF-8 nor GB18030"),
])
def test_a_file_that_is_no_document_changes_nothing(corpus, tmp_path, capsys, content, why):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = state(corpus)
    assert main(["add", str(bad)]) == 1
    assert why in capsys.readouterr().err
    assert state(corpus) == before


def test_missing_duplicate_and_unknown_genre_are_refused(corpus, tmp_path, capsys):
    before = state(corpus)
    assert main(["add", str(tmp_path / "nowhere.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err
    copy = tmp_path / "again.txt"
    shutil.copy(corpus / "000_908f02d79280c5dd.txt", copy)
    assert main(["add", str(copy)]) == 1
    assert "same content as 000_908f02d79280c5dd.txt" in capsys.readouterr().err
    assert main(["add", str(DATA / "shanghai_customs_commitments.txt"), "--genre", "poem"]) == 1
    assert "unknown genre 'poem'" in capsys.readouterr().err
    assert state(corpus) == before


@pytest.mark.slow
def test_add_a_guide_then_ask_about_one_of_its_services(corpus, capsys):
    assert main(["add", str(DATA / "variant_departments_guide.txt"), "--issuer", "××海关"]) == 0
    out = capsys.readouterr().out
    assert "[procedures]" in out and "service 7" in out and "ready to ask about" in out
    entry = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"][-1]
    assert (entry["origin"], entry["genre"], entry["title"]) == ("variant_departments_guide.txt", "procedures",
                                                                "××海关业务办理指南")
    assert main(["ask", "船舶进出境备案要多久", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    fact = answer["facts"][0]
    assert answer["status"] == "answered" and fact["title"] == "船舶进出境备案" and fact["time_limit"] == "2小时"
    assert fact["department"] == "物流监控科" and fact["citation"]["origin"] == "variant_departments_guide.txt"
    assert "（variant_departments_guide.txt 第" in answer["answer"]


def test_strict_build_fails_on_warnings(corpus, capsys):
    assert main(["build", "--facts-only", "--strict"]) == 1  # the Dayaowan guide has one service without a limit
    assert "warnings and --strict" in capsys.readouterr().err
