"""Feedback on answers, kept in SQLite (WAL) in the data directory, never lost.

    >>> store = FeedbackStore()                       # KB_DATA_DIR/feedback.sqlite3
    >>> store.add("报关单填错了想改", ["svc-…"], rating=1, comment="清楚")
    >>> store.export_csv(sys.stdout)

Each ``add`` is one transaction committed before it returns (synchronous=FULL), so a
record that ``add`` returned for survives a killed process; concurrent writers from many
threads or processes wait for each other (busy timeout) instead of failing. Text is
stored as data through parameters only — never formatted into SQL — and whoever shows it
escapes it. Does not handle: several machines writing one file over a network share.
"""
from __future__ import annotations

import csv
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import TextIO

from kb.errors import KBError, ReadOnlyError
from kb.times import local_time

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    created   TEXT    NOT NULL,
    question  TEXT    NOT NULL,
    fact_ids  TEXT    NOT NULL,   -- JSON list, main fact first
    status    TEXT,
    rating    INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment   TEXT    NOT NULL DEFAULT '',
    session   TEXT    NOT NULL DEFAULT '',
    answer    TEXT,                -- which answer of the session was rated: one record per answer
    title     TEXT    NOT NULL DEFAULT '',   -- the answer's title (its main fact, or the choices)
    history   TEXT    NOT NULL DEFAULT '[]'  -- JSON list: the user's earlier turns
)
"""
UNANSWERED = """
CREATE TABLE IF NOT EXISTS unanswered (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    created   TEXT    NOT NULL,
    question  TEXT    NOT NULL,
    session   TEXT    NOT NULL DEFAULT ''
)
"""
# columns added after the first release: an older file gets them on open
ADDED = {"answer": "TEXT", "title": "TEXT NOT NULL DEFAULT ''", "history": "TEXT NOT NULL DEFAULT '[]'"}
ONE_PER_ANSWER = ("CREATE UNIQUE INDEX IF NOT EXISTS feedback_answer ON feedback (session, answer) "
                  "WHERE answer IS NOT NULL")
MAX_TEXT = 2000
COLUMNS = ["id", "created", "question", "fact_ids", "status", "rating", "comment", "session", "answer", "title",
           "history"]
# the export for people (Excel on a Chinese PC): these columns, in this order, under these names
EXCEL_COLUMNS = {"id": "编号", "created": "时间", "question": "问题", "history": "之前的提问", "status": "回答状态",
                 "title": "回答内容", "rating": "评价", "comment": "意见", "fact_ids": "依据（事实编号）",
                 "session": "会话"}
STATUS_NAMES = {"answered": "已回答", "clarify": "请用户选择", "not_found": "未找到"}


def default_path() -> Path:
    from kb.settings import get_settings

    return get_settings().data_dir / "feedback.sqlite3"


class FeedbackStore:
    def __init__(self, path: Path | None = None, timeout_s: float = 30.0):
        self.path = Path(path or default_path())
        self.timeout_s = timeout_s
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(SCHEMA)
                have = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
                for column, kind in ADDED.items():
                    if column not in have:
                        db.execute(f"ALTER TABLE feedback ADD COLUMN {column} {kind}")
                db.execute(ONE_PER_ANSWER)
                db.execute(UNANSWERED)
        except (OSError, sqlite3.OperationalError) as exc:
            raise ReadOnlyError(f"cannot write feedback to {self.path} ({exc}); "
                                "set KB_DATA_DIR to a writable folder") from None

    def _connect(self) -> _Tx:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
            self._local.db = db
        return _Tx(db)

    def add(self, question: str, fact_ids: list[str], rating: int, comment: str = "",
            status: str | None = None, session: str = "") -> int:
        """Store one rating (1 = helpful, -1 = not); returns its id once committed."""
        if rating not in (-1, 1):
            raise KBError("rating must be 1 (helpful) or -1 (not helpful)")
        row = (time.strftime("%Y-%m-%dT%H:%M:%S%z"), str(question)[:MAX_TEXT],
               json.dumps([str(i) for i in fact_ids]), status, rating, str(comment or "")[:MAX_TEXT],
               str(session)[:100])
        with self._connect() as db:
            cur = db.execute("INSERT INTO feedback (created, question, fact_ids, status, rating, comment, session) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            assert cur.lastrowid is not None, "an INSERT sets lastrowid"
            return cur.lastrowid

    def rate(self, question: str, fact_ids: list[str], rating: int, session: str, answer: str,
             status: str | None = None, title: str = "", history: list[str] | None = None, comment: str = "") -> int:
        """Store the rating of one answer of a session; rating it again updates the same
        record (a second click, or 👍 after 👎), keeping an earlier comment unless a new one
        is given. Returns the record's id once committed."""
        if rating not in (-1, 1):
            raise KBError("rating must be 1 (helpful) or -1 (not helpful)")
        row = (time.strftime("%Y-%m-%dT%H:%M:%S%z"), str(question)[:MAX_TEXT], json.dumps([str(i) for i in fact_ids]),
               status, rating, str(comment or "")[:MAX_TEXT], str(session)[:100], str(answer)[:100],
               str(title)[:MAX_TEXT], json.dumps([str(h)[:MAX_TEXT] for h in (history or [])][-20:], ensure_ascii=False))
        with self._connect() as db:
            db.execute("INSERT INTO feedback (created, question, fact_ids, status, rating, comment, session, answer, "
                       "title, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (session, answer) WHERE answer IS NOT NULL DO UPDATE SET "
                       "created = excluded.created, rating = excluded.rating, "
                       "comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE comment END", row)
            found = db.execute("SELECT id FROM feedback WHERE session = ? AND answer = ?", (row[6], row[7])).fetchone()
            return int(found[0])

    def unanswered(self, question: str, session: str = "") -> int:
        """Keep a question the knowledge base had no answer for, for staff to act on."""
        with self._connect() as db:
            cur = db.execute("INSERT INTO unanswered (created, question, session) VALUES (?, ?, ?)",
                             (time.strftime("%Y-%m-%dT%H:%M:%S%z"), str(question)[:MAX_TEXT], str(session)[:100]))
            assert cur.lastrowid is not None, "an INSERT sets lastrowid"
            return cur.lastrowid

    def to_act_on(self) -> list[dict]:
        """The questions staff should look at: the ones not answered, and the answers rated
        unhelpful (question, created, why), oldest first."""
        with self._connect() as db:
            missed = db.execute("SELECT created, question, 'not_found' FROM unanswered").fetchall()
            disliked = db.execute("SELECT created, question, 'disliked' FROM feedback WHERE rating = -1").fetchall()
        return [{"created": c, "question": q, "why": w} for c, q, w in sorted(missed + disliked)]

    def rows(self) -> list[dict]:
        with self._connect() as db:
            cur = db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, r)) for r in cur.fetchall()]

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def export_csv(self, out: TextIO) -> int:
        """Write every record as CSV (UTF-8, header row); returns how many."""
        rows = self.rows()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_safe(v) for k, v in r.items()})
        return len(rows)


    def export_excel(self, out: TextIO, zone: str = "Asia/Shanghai") -> int:
        """Every record as CSV that Excel opens right on a Chinese PC: a byte-order mark,
        Chinese column names, times in ``zone`` with the zone shown, ratings and statuses
        in words, earlier turns one per line. Returns how many."""
        rows = self.rows()
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=list(EXCEL_COLUMNS.values()))
        writer.writeheader()
        for r in rows:
            shown = dict(r, created=local_time(r["created"], zone), rating="有帮助" if r["rating"] == 1 else "没帮助",
                         status=STATUS_NAMES.get(r["status"] or "", r["status"] or ""),
                         history="\n".join(json.loads(r["history"] or "[]")),
                         fact_ids="、".join(json.loads(r["fact_ids"] or "[]")))
            writer.writerow({EXCEL_COLUMNS[k]: _csv_safe(shown[k]) for k in EXCEL_COLUMNS})
        return len(rows)


def _csv_safe(value):
    """Spreadsheets run cells starting with = + - @ as formulas: prefix them with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Tx:
    """``with`` block = one IMMEDIATE transaction on a per-thread connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
