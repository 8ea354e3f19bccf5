"""Feedback on answers and the questions nobody answered, never lost: in the embedded
SQLite file of the data directory, or in PostgreSQL shared by any number of app replicas.

    >>> store = FeedbackStore()          # KB_DATABASE_URL, else KB_DATA_DIR/feedback.sqlite3
    >>> store.rate("报关单填错了想改", ["svc-…"], 1, session="s", answer="0")
    >>> store.export_excel(sys.stdout)

One code path for both engines (SQLAlchemy Core; only the upsert is spelt per dialect).
Each write is one transaction committed before it returns — SQLite in WAL mode with
synchronous=FULL and BEGIN IMMEDIATE, PostgreSQL with its own durable commit — so a
record a call returned for survives a killed process; concurrent writers from many
threads, processes or machines wait for each other instead of failing. Text is stored
through parameters only and whoever shows it escapes it. The schema is created and
brought up to date by the store itself (columns added since the first release).
"""
from __future__ import annotations

import csv
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import (CheckConstraint, Column, Engine, Index, Integer, MetaData, Table, Text, create_engine, event, func, insert,
                        inspect, select, text)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

from kb.errors import KBError, ReadOnlyError
from kb.times import local_time

log = logging.getLogger("kb.feedback")

MAX_TEXT = 2000
METADATA = MetaData()
FEEDBACK = Table(
    "feedback", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("fact_ids", Text, nullable=False),  # JSON list, main fact first
    Column("status", Text),
    Column("rating", Integer, CheckConstraint("rating IN (-1, 1)"), nullable=False),  # 1 helpful, -1 not
    Column("comment", Text, nullable=False, server_default=""),
    Column("session", Text, nullable=False, server_default=""),
    Column("answer", Text),  # which answer of the session was rated: one record per answer
    Column("title", Text, nullable=False, server_default=""),  # the answer's title (its main fact, or the choices)
    Column("history", Text, nullable=False, server_default="[]"),  # JSON list: the user's earlier turns
)
ONE_PER_ANSWER = Index("feedback_answer", FEEDBACK.c.session, FEEDBACK.c.answer, unique=True,
                       sqlite_where=FEEDBACK.c.answer.isnot(None), postgresql_where=FEEDBACK.c.answer.isnot(None))
UNANSWERED = Table(
    "unanswered", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("session", Text, nullable=False, server_default=""),
)
# columns added after the first release: an older table gets them when the store opens it
ADDED = {"answer": "TEXT", "title": "TEXT NOT NULL DEFAULT ''", "history": "TEXT NOT NULL DEFAULT '[]'"}
COLUMNS = [c.name for c in FEEDBACK.columns]
# the export for people (Excel on a Chinese PC): these columns, in this order, under these names
EXCEL_COLUMNS = {"id": "编号", "created": "时间", "question": "问题", "history": "之前的提问", "status": "回答状态",
                 "title": "回答内容", "rating": "评价", "comment": "意见", "fact_ids": "依据（事实编号）",
                 "session": "会话"}
STATUS_NAMES = {"answered": "已回答", "clarify": "请用户选择", "not_found": "未找到"}


def default_path() -> Path:
    from kb.settings import get_settings

    return get_settings().data_dir / "feedback.sqlite3"


def database_url(path: Path | None = None) -> str:
    """Where feedback goes: SQLite at ``path`` when given, else KB_DATABASE_URL, else the
    SQLite file of the data directory. postgresql:// URLs use psycopg 3."""
    if path is None:
        from kb.settings import get_settings

        configured = get_settings().database_url
        if configured:
            url = make_url(configured)
            if url.drivername in ("postgresql", "postgres"):
                url = url.set(drivername="postgresql+psycopg")
            return url.render_as_string(hide_password=False)
        path = default_path()
    return f"sqlite:///{Path(path)}"


class FeedbackStore:
    def __init__(self, path: Path | None = None, timeout_s: float = 30.0, url: str | None = None,
                 read_only: bool = False):
        """The store at ``url`` (or the SQLite file ``path``, or the configured one). With
        ``read_only`` nothing is created or written: for exporting from a copy, or from a
        folder this user cannot write."""
        self.url = url or database_url(path)
        parsed = make_url(self.url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = Path(parsed.database or "") if self.sqlite else None
        self.where = str(self.path) if self.path else parsed.render_as_string(hide_password=True)
        self.read_only = read_only
        if read_only:
            self.engine = _reader(self.url, self.path) if self.sqlite else _engine(self.url, timeout_s, False)
            self._file = None
            return
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = _engine(self.url, timeout_s, self.sqlite)
            self._create_schema()
        except (OSError, SQLAlchemyError) as exc:
            if self.sqlite:
                raise ReadOnlyError(f"cannot write feedback to {self.where} ({_reason(exc)}); "
                                    "set KB_DATA_DIR to a writable folder") from None
            raise KBError(f"cannot open the feedback database {self.where} ({_reason(exc)}); "
                          "check KB_DATABASE_URL and that the server is running") from None
        self._file = self._identity()
        self._lock = threading.Lock()

    def _create_schema(self) -> None:
        with self.engine.begin() as db:
            METADATA.create_all(db)
            have = {c["name"] for c in inspect(db).get_columns("feedback")}
            for column, kind in ADDED.items():
                if column not in have:
                    db.execute(text(f"ALTER TABLE feedback ADD COLUMN {column} {kind}"))
            ONE_PER_ANSWER.create(db, checkfirst=True)

    def add(self, question: str, fact_ids: list[str], rating: int, comment: str = "",
            status: str | None = None, session: str = "") -> int:
        """Store one rating (1 = helpful, -1 = not) on its own; returns its id once committed."""
        row = self._row(question, fact_ids, rating, comment, status, session)
        return self._commit(lambda db: int(db.execute(insert(FEEDBACK).values(**row).returning(FEEDBACK.c.id))
                                           .scalar_one()))

    def rate(self, question: str, fact_ids: list[str], rating: int, session: str, answer: str,
             status: str | None = None, title: str = "", history: list[str] | None = None, comment: str = "") -> int:
        """Store the rating of one answer of a session; rating it again updates the same
        record (a second click, or 👍 after 👎), keeping an earlier comment unless a new one
        is given. Returns the record's id once committed."""
        row = self._row(question, fact_ids, rating, comment, status, session)
        row.update(answer=str(answer)[:100], title=str(title)[:MAX_TEXT],
                   history=json.dumps([str(h)[:MAX_TEXT] for h in (history or [])][-20:], ensure_ascii=False))
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
        statement = upsert(FEEDBACK).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=[FEEDBACK.c.session, FEEDBACK.c.answer], index_where=FEEDBACK.c.answer.isnot(None),
            set_={"created": statement.excluded.created, "rating": statement.excluded.rating,
                  "comment": func.coalesce(func.nullif(statement.excluded.comment, ""), FEEDBACK.c.comment)})
        return self._commit(lambda db: int(db.execute(statement.returning(FEEDBACK.c.id)).scalar_one()))

    def unanswered(self, question: str, session: str = "") -> int:
        """Keep a question the knowledge base had no answer for, for staff to act on."""
        row = {"created": _now(), "question": str(question)[:MAX_TEXT], "session": str(session)[:100]}
        return self._commit(lambda db: int(db.execute(insert(UNANSWERED).values(**row).returning(UNANSWERED.c.id))
                                           .scalar_one()))

    def to_act_on(self) -> list[dict]:
        """The questions staff should look at: the ones not answered, and the answers rated
        unhelpful (question, created, why), oldest first."""
        missed = self._read(lambda db: db.execute(select(UNANSWERED.c.created, UNANSWERED.c.question)).all())
        disliked = self._read(lambda db: db.execute(select(FEEDBACK.c.created, FEEDBACK.c.question)
                                                    .where(FEEDBACK.c.rating == -1)).all())
        items = [(c, q, "not_found") for c, q in missed] + [(c, q, "disliked") for c, q in disliked]
        return [{"created": c, "question": q, "why": w} for c, q, w in sorted(items)]

    def rows(self) -> list[dict]:
        return self._read(lambda db: [dict(r._mapping) for r in db.execute(select(FEEDBACK).order_by(FEEDBACK.c.id))])

    def count(self) -> int:
        return int(self._read(lambda db: db.execute(select(func.count()).select_from(FEEDBACK)).scalar_one()))

    def export_csv(self, out: TextIO) -> int:
        """Write every record as CSV (UTF-8, header row, English column names for scripts);
        returns how many."""
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

    def _row(self, question: str, fact_ids: list[str], rating: int, comment: str, status: str | None,
             session: str) -> dict[str, Any]:
        if rating not in (-1, 1):
            raise KBError("rating must be 1 (helpful) or -1 (not helpful)")
        return {"created": _now(), "question": str(question)[:MAX_TEXT],
                "fact_ids": json.dumps([str(i) for i in fact_ids]), "status": status, "rating": rating,
                "comment": str(comment or "")[:MAX_TEXT], "session": str(session)[:100]}

    def _commit(self, work: Callable[[Connection], int]) -> int:
        """``work`` in one transaction (BEGIN IMMEDIATE on SQLite), committed before this
        returns; what it returned. SQLite: the file is checked before and after — a file
        deleted or replaced while the app runs (a cleanup script, an operator) would
        otherwise take the commit with it, so the store starts the schema in the file now at
        the path and writes again there; nothing is confirmed that is not in that file. Any
        storage error becomes a KBError naming the database."""
        if self.read_only:
            raise KBError(f"the feedback database {self.where} was opened read-only")
        for _ in range(3):
            self._same_file_or_start_again()
            try:
                with self.engine.begin() as db:
                    result = work(db)
            except (OperationalError, ProgrammingError) as exc:
                if "no such table" in str(exc) or "does not exist" in str(exc):
                    self._start_again("its tables are missing")
                    continue
                raise KBError(f"feedback not stored in {self.where} ({_reason(exc)})") from None
            except (SQLAlchemyError, OSError) as exc:
                raise KBError(f"feedback not stored in {self.where} ({_reason(exc)})") from None
            if self._file == self._identity():
                return result
        raise KBError(f"feedback not stored: {self.where} kept being removed or replaced while writing")

    def _identity(self) -> tuple[int, int] | None:
        """The SQLite file now at the path (device, inode); None when it is not there."""
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def _same_file_or_start_again(self) -> None:
        if self.sqlite and self._identity() != self._file:
            self._start_again("the file was removed or replaced while the app ran", changed_only=True)

    def _start_again(self, why: str, changed_only: bool = False) -> None:
        """Open the file now at the path with the schema (a new file when it is gone; the
        journal files a deleted database left beside it go too, so they are not replayed
        into the new one). ``changed_only``: unless another thread has just done it."""
        with self._lock:
            if changed_only and self._identity() == self._file:
                return
            log.error("feedback database %s: %s; continuing in %s (records it held are not in it)",
                      self.where, why, "the file now at that path" if self._identity() else "a new file")
            self.engine.dispose()
            try:
                if self.path is not None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    if not self.path.exists():
                        for suffix in ("-wal", "-shm", "-journal"):
                            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
                self._create_schema()
            except (OSError, SQLAlchemyError) as exc:
                raise KBError(f"feedback not stored in {self.where} ({_reason(exc)})") from None
            self._file = self._identity()

    def _read(self, work: Callable[[Connection], Any]) -> Any:
        """``work`` on a connection; a storage error becomes a KBError naming the database."""
        try:
            with self.engine.connect() as db:
                return work(db)
        except (SQLAlchemyError, OSError) as exc:
            raise KBError(f"cannot read the feedback database {self.where} ({_reason(exc)})") from None


def _reader(url: str, path: Path | None) -> Engine:
    """A read-only SQLite engine: SQLite's read-only mode (consistent while the app writes),
    or — when that cannot open, e.g. a WAL file in a folder this user cannot write — the
    file read as unchanging (a copy, or a database no app is writing)."""
    if path is None or not path.is_file():
        raise KBError(f"no feedback database at {path} (no ratings yet, or KB_DATA_DIR / --db points elsewhere)")
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        engine = create_engine(f"sqlite:///file:{path.resolve()}?{flags}&uri=true")
        try:
            with engine.connect() as db:
                db.execute(text("SELECT count(*) FROM sqlite_master"))
            return engine
        except SQLAlchemyError as exc:
            engine.dispose()
            problem = exc
    raise KBError(f"cannot read the feedback database {path} ({_reason(problem)})")


def _engine(url: str, timeout_s: float, sqlite: bool) -> Engine:
    if not sqlite:
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                             connect_args={"connect_timeout": int(timeout_s)})
    engine = create_engine(url, connect_args={"timeout": timeout_s, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _immediate(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # writers queue at the start, not at commit

    return engine


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0][:200] if str(orig or exc).strip() else type(exc).__name__


# a spreadsheet runs a cell as a formula when it starts with one of these (full-width too),
# also after spaces, line breaks or invisible characters it skips
FORMULA_START = frozenset("=+-@＝＋－＠")
SKIPPED = " \t\r\n\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"


def _csv_safe(value):
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it shows as text;
    one starting with a tab or line break is prefixed too (Excel trims them, then reads on)."""
    if isinstance(value, str) and value and \
            (value.lstrip(SKIPPED)[:1] in FORMULA_START or value[0] in "\t\r\n"):
        return "'" + value
    return value
