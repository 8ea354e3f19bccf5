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

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    created   TEXT    NOT NULL,
    question  TEXT    NOT NULL,
    fact_ids  TEXT    NOT NULL,   -- JSON list, main fact first
    status    TEXT,
    rating    INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment   TEXT    NOT NULL DEFAULT '',
    session   TEXT    NOT NULL DEFAULT ''
)
"""
MAX_TEXT = 2000
COLUMNS = ["id", "created", "question", "fact_ids", "status", "rating", "comment", "session"]


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
