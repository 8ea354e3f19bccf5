"""A rating is confirmed only when it is in the database file the app's next start reads:
the file deleted, emptied or replaced while the app runs, a damaged file, and an export
from a folder nobody may write."""
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kb.errors import KBError
from kb.feedback import FeedbackStore

KB = str(Path(sys.executable).parent / "kb")


def _remove(path: Path, journals: bool) -> None:
    """Delete the database file (and with ``journals`` its -wal and -shm files) under the store."""
    for suffix in ("", "-wal", "-shm") if journals else ("",):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@pytest.mark.parametrize("cleanup", ["main file", "with its journal files"])
def test_ratings_after_the_file_is_deleted_are_in_the_file_the_next_start_reads(tmp_path, cleanup, caplog):
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    store.rate("吨税执照多久", ["svc-1"], 1, session="s", answer="0")
    _remove(path, journals=cleanup != "main file")  # a cleanup script, an operator's mistake
    confirmed = [store.rate(f"问题{i}", [], 1, session="s", answer=str(i + 1)) for i in range(12)]
    assert len(set(confirmed)) == 12
    kept = FeedbackStore(path).rows()  # what a restarted app reads
    assert sorted(r["question"] for r in kept) == sorted(f"问题{i}" for i in range(12))
    assert "removed or replaced" in caplog.text


def test_an_empty_file_put_in_its_place_gets_the_schema(tmp_path):
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    path.unlink()
    path.write_bytes(b"")  # what another worker's bare sqlite3.connect leaves: no tables
    assert store.unanswered("护照怎么换", "s") >= 1
    assert store.add("吨税执照多久", [], -1) >= 1
    assert {i["question"] for i in FeedbackStore(path).to_act_on()} == {"吨税执照多久", "护照怎么换"}


def test_a_table_dropped_under_the_store_is_created_again(tmp_path):
    import sqlite3

    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE feedback")
    assert store.add("吨税执照多久", [], 1) >= 1
    assert FeedbackStore(path).count() == 1


def test_a_damaged_file_is_a_kb_error_not_a_driver_error(tmp_path):
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    _remove(path, journals=True)
    path.write_bytes(b"this is not a database " * 100)
    with pytest.raises(KBError, match="feedback not stored in .*fb.sqlite3"):
        store.rate("吨税执照多久", [], 1, session="s", answer="0")
    with pytest.raises(KBError, match="cannot read the feedback database"):
        store.rows()


def test_the_chat_tells_the_user_when_a_rating_was_not_stored(tmp_path):
    from webapp.handlers import ChatHandlers, new_state

    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    handlers = ChatHandlers.__new__(ChatHandlers)  # rate() reads only the store: the record comes from the state
    handlers.store = store
    state = new_state()
    state["answers"].append({"number": 0, "question": "吨税执照多久", "history": [], "status": "answered",
                             "intent": None, "title": "船舶吨税执照业务", "facts": ["svc-1"], "candidates": []})
    state["messages"]["2"] = 0
    _remove(path, journals=True)
    path.write_bytes(b"garbage " * 200)
    assert handlers.rate(2, True, state, "s") == "not stored"  # not an exception: the page shows a warning


def test_export_from_a_read_only_copy_writes_nothing_beside_it(tmp_path):
    live = tmp_path / "live" / "fb.sqlite3"
    store = FeedbackStore(live)
    store.add("吨税执照多久", ["svc-1"], 1, comment="清楚")
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    shutil.copy(live, copy_dir / "fb.sqlite3")
    for suffix in ("-wal", "-shm"):
        if live.with_name(live.name + suffix).exists():
            shutil.copy(live.with_name(live.name + suffix), copy_dir / ("fb.sqlite3" + suffix))
    before = sorted(p.name for p in copy_dir.iterdir())
    os.chmod(copy_dir, stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = subprocess.run([KB, "feedback", "export", "--db", str(copy_dir / "fb.sqlite3")],
                                capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(copy_dir, stat.S_IRWXU)
    assert result.returncode == 0, result.stderr
    assert "吨税执照多久" in result.stdout and "1 feedback records" in result.stderr
    assert sorted(p.name for p in copy_dir.iterdir()) == before  # no journal, no new file
    missing = subprocess.run([KB, "feedback", "export", "--db", str(tmp_path / "none.sqlite3")],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "no feedback database" in missing.stderr
    assert "Traceback" not in missing.stderr
