"""Damaged state end to end: a truncated facts file and a truncated, edited or missing
index are detected through the manifests' checksums and rebuilt with a message before
any answer is given; an unwritable build folder is named with the setting to change."""
import json

import pytest

from answering.assistant import Assistant
from answering.types import Status
from cli.main import main


def test_first_ask_builds_facts_and_index(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KB_BUILD_DIR", str(tmp_path / "build"))
    assert main(["ask", "吨税执照多久", "--mode", "bm25"]) == 0  # first use builds facts and index
    assert "船舶吨税执照业务" in capsys.readouterr().out
    assert (tmp_path / "build" / "facts.jsonl").is_file() and (tmp_path / "build" / "index" / "manifest.json").is_file()


@pytest.fixture()
def built(built_copy):
    return built_copy  # facts and BM25 index, as the first `kb ask --mode bm25` leaves them


def ask_logged(question, caplog):
    caplog.clear()
    bot = Assistant.load(mode="bm25")
    return bot.ask(question), list(caplog.messages)


@pytest.mark.parametrize("damage", ["truncate facts", "edit facts", "truncate index", "delete index file",
                                    "delete index manifest"])
def test_damage_is_reported_and_repaired(built, damage, caplog):
    facts_file, index = built / "facts.jsonl", built / "index"
    if damage == "truncate facts":
        facts_file.write_bytes(facts_file.read_bytes()[:5000])
    elif damage == "edit facts":
        facts_file.write_text(facts_file.read_text(encoding="utf-8").replace("3个工作日", "1个工作日"),
                              encoding="utf-8")
    elif damage == "truncate index":
        (index / "bm25_postings.npz").write_bytes(b"PK\x03\x04 broken")
    elif damage == "delete index file":
        (index / "bm25_vocab.json").unlink()
    else:
        (index / "manifest.json").unlink()
    answer, messages = ask_logged("报关单修撤要多久", caplog)
    assert answer.status == Status.answered and answer.facts[0].view()["time_limit"] == "3个工作日"
    if damage != "delete index manifest":  # a missing manifest is simply a first build
        assert messages, f"{damage}: repaired silently"
    manifest = json.loads((built / "facts.manifest.json").read_text())
    assert manifest["facts"] == 207
    # and the repair is lasting: the next start reuses everything without a message
    _, again = ask_logged("报关单修撤要多久", caplog)
    assert again == []


def test_unwritable_build_folder_is_named(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the build folder should be")
    monkeypatch.setenv("KB_BUILD_DIR", str(blocker / "build"))
    assert main(["ask", "吨税执照多久", "--mode", "bm25"]) == 1
    err = capsys.readouterr().err
    assert "KB_BUILD_DIR" in err and str(blocker) in err and "Traceback" not in err


def test_unwritable_data_folder_is_named(tmp_path, monkeypatch):
    from kb.errors import ReadOnlyError
    from kb.feedback import FeedbackStore

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KB_DATA_DIR", str(blocker / "data"))
    with pytest.raises(ReadOnlyError, match="KB_DATA_DIR") as err:
        FeedbackStore()
    assert str(blocker) in str(err.value)
