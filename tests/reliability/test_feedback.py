"""The feedback store loses nothing: many threads and processes writing at once, and a
writer killed mid-stream leaves every record it had committed intact."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kb.errors import KBError, ReadOnlyError
from kb.feedback import FeedbackStore

ROOT = Path(__file__).resolve().parents[2]


def test_round_trip_keeps_text_as_data(store_url):
    store = FeedbackStore(url=store_url)
    hostile = "'); DROP TABLE feedback; -- <script>alert(1)</script> =HYPERLINK(\"x\")"
    n = store.add(hostile, ["svc-1", "svc-2"], -1, comment=hostile, status="answered", session="s")
    row = store.rows()[0]
    assert row["id"] == n and row["question"] == hostile and row["comment"] == hostile
    assert json.loads(row["fact_ids"]) == ["svc-1", "svc-2"] and row["rating"] == -1
    out = io.StringIO()
    assert store.export_csv(out) == 1
    exported = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert exported[0]["question"] == hostile and exported[0]["comment"] == hostile  # not a formula: unchanged


def test_formula_cells_are_neutralised_in_csv(store_url):
    store = FeedbackStore(url=store_url)
    store.add("=1+1", [], 1, comment="@SUM(A1)")
    out = io.StringIO()
    store.export_csv(out)
    row = list(csv.DictReader(io.StringIO(out.getvalue())))[0]
    assert row["question"] == "'=1+1" and row["comment"] == "'@SUM(A1)"


@pytest.mark.parametrize("cell", ["\n=1+1", " =1+1", "\u3000=1+1", "＝1+1", "＋1", "\u200b=1+1", "\ufeff@A1",
                                  "\t1", "\r=1"])
def test_formula_cells_behind_spaces_and_invisible_characters_are_neutralised(tmp_path, cell):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    store.add(cell, [], 1, comment="普通意见 =不是公式")
    out = io.StringIO()
    store.export_excel(out)
    row = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))[0]
    assert row["问题"] == "'" + cell and row["意见"] == "普通意见 =不是公式"


def test_bad_rating_and_unwritable_folder(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    with pytest.raises(KBError):
        store.add("q", [], 0)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ReadOnlyError, match="KB_DATA_DIR"):
        FeedbackStore(blocker / "fb.sqlite3")


def test_many_threads_writing_at_once_lose_nothing(store_url):
    store = FeedbackStore(url=store_url)
    threads, per_thread, errors = 16, 40, []

    def write(t: int) -> None:
        try:
            for i in range(per_thread):
                store.add(f"t{t} q{i}", [f"id-{t}-{i}"], 1, comment=f"{t}:{i}")
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)

    workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    rows = store.rows()
    assert len(rows) == threads * per_thread
    assert {r["comment"] for r in rows} == {f"{t}:{i}" for t in range(threads) for i in range(per_thread)}


def _writer(url: str, name: str, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.feedback_writer", url, name, str(count)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_many_processes_writing_at_once_lose_nothing(store_url):
    FeedbackStore(url=store_url)
    procs = [_writer(store_url, f"p{k}", 150) for k in range(6)]
    outputs = [p.communicate(timeout=180) for p in procs]
    for p, (_, err) in zip(procs, outputs):
        assert p.returncode == 0, err
    rows = FeedbackStore(url=store_url).rows()
    assert len(rows) == 6 * 150
    printed = {line.split()[1] for out, _ in outputs for line in out.splitlines()}
    assert {r["comment"].split()[0] for r in rows} == printed


def test_killed_writer_keeps_every_committed_record(store_url):
    FeedbackStore(url=store_url)
    proc = _writer(store_url, "victim", 100_000)
    committed = []
    for line in proc.stdout:
        committed.append(line.split())
        if len(committed) >= 300:
            break
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: no clean shutdown, no final commit
    proc.wait(timeout=30)
    rows = {r["id"]: r for r in FeedbackStore(url=store_url).rows()}
    for n, tag in committed:
        assert int(n) in rows, f"committed record {n} lost"
        assert rows[int(n)]["comment"].startswith(tag + " ")
    assert len(rows) >= len(committed)
    if store_url.startswith("sqlite"):
        db = store_url.removeprefix("sqlite:///")
        check = subprocess.run([sys.executable, "-c", "import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); "
                                "print(db.execute('PRAGMA integrity_check').fetchone()[0])", db],
                               capture_output=True, text=True, timeout=30)
        assert check.stdout.strip() == "ok"


def test_feedback_export_command(tmp_path, monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv("KB_DATA_DIR", str(tmp_path))
    store = FeedbackStore()
    store.add("吨税执照多久", ["svc-1"], 1, comment="清楚")
    store.add("护照怎么换", [], -1, comment="应该说明不受理")
    out = tmp_path / "fb.csv"
    assert main(["feedback", "export", "--csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["question"] for r in rows] == ["吨税执照多久", "护照怎么换"] and rows[1]["rating"] == "-1"
    assert "2 feedback records" in capsys.readouterr().err
    assert main(["feedback", "export"]) == 0
    assert "应该说明不受理" in capsys.readouterr().out
    assert main(["feedback", "export", "--excel", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["评价"] for r in rows] == ["有帮助", "没帮助"]


def test_one_record_per_answer_and_an_excel_friendly_export(store_url):
    store = FeedbackStore(url=store_url)
    store.rate("吨税执照多久", ["svc-1"], 1, session="s", answer="0", status="answered", title="船舶吨税执照业务",
               history=["你好"], comment="清楚")
    n = store.rate("吨税执照多久", ["svc-1"], -1, session="s", answer="0", status="answered", title="船舶吨税执照业务")
    store.rate("=HYPERLINK(1)", [], -1, session="s", answer="1", status="not_found")
    store.rate("吨税执照多久", ["svc-1"], 1, session="other", answer="0")  # another visitor: a record of its own
    rows = store.rows()
    assert len(rows) == 3 and rows[0]["id"] == n and rows[0]["rating"] == -1 and rows[0]["comment"] == "清楚"
    out = io.StringIO()
    assert store.export_excel(out, "Asia/Shanghai") == 3
    text = out.getvalue()
    assert text.startswith("\ufeff")
    exported = list(csv.DictReader(io.StringIO(text[1:])))
    first = exported[0]
    assert list(first)[:4] == ["编号", "时间", "问题", "之前的提问"]
    assert first["评价"] == "没帮助" and first["回答状态"] == "已回答" and first["回答内容"] == "船舶吨税执照业务"
    assert first["之前的提问"] == "你好" and first["时间"].endswith("(UTC+08:00)")
    assert exported[1]["问题"] == "'=HYPERLINK(1)" and exported[1]["回答状态"] == "未找到"


def test_an_older_feedback_file_gets_the_new_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the first release's table, with a record
        db.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL, "
                   "question TEXT NOT NULL, fact_ids TEXT NOT NULL, status TEXT, rating INTEGER NOT NULL, "
                   "comment TEXT NOT NULL DEFAULT '', session TEXT NOT NULL DEFAULT '')")
        db.execute("INSERT INTO feedback (created, question, fact_ids, rating) VALUES "
                   "('2026-01-01T00:00:00+0000', '旧问题', '[]', 1)")
    store = FeedbackStore(path)
    store.rate("新问题", [], -1, session="s", answer="0")
    assert [(r["question"], r["history"]) for r in store.rows()] == [("旧问题", "[]"), ("新问题", "[]")]


def test_the_export_command_reads_the_configured_database(postgres, tmp_path, monkeypatch):
    from cli.main import main

    url = postgres.new_database("export_cmd")
    monkeypatch.setenv("KB_DATABASE_URL", url.replace("postgresql+psycopg://", "postgresql://"))
    store = FeedbackStore()
    assert store.where.startswith("postgresql+psycopg://kb@127.0.0.1:")
    store.rate("吨税执照多久", ["svc-1"], 1, session="s", answer="0")
    out = tmp_path / "fb.csv"
    assert main(["feedback", "export", "--excel", "--out", str(out)]) == 0
    assert [r["问题"] for r in csv.DictReader(out.open(encoding="utf-8-sig"))] == ["吨税执照多久"]


def test_an_unreachable_database_is_a_clear_error(postgres):
    with pytest.raises(KBError, match="KB_DATABASE_URL"):
        FeedbackStore(url=f"postgresql+psycopg://kb@127.0.0.1:{postgres.port + 1}/nowhere", timeout_s=2)


def test_the_database_itself_refuses_a_rating_other_than_one_or_minus_one(store_url):
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    from kb.feedback import FEEDBACK

    store = FeedbackStore(url=store_url)
    with pytest.raises(IntegrityError), store.engine.begin() as db:  # past the store's own check
        db.execute(insert(FEEDBACK).values(created="now", question="q", fact_ids="[]", rating=5))
    assert store.count() == 0
