"""`kb serve` and `kb feedback export`: the web app and what its users said."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.settings import get_settings


@click.command(short_help="start the web app (same as python app.py)")
@click.option("--host", metavar="H", default=lambda: get_settings().host, show_default="KB_HOST, else 127.0.0.1",
              help="address to bind; 127.0.0.1 is this machine only")
@click.option("--port", type=click.IntRange(1, 65535), metavar="P", default=lambda: get_settings().port,
              show_default="KB_PORT, else 7860", help="port to listen on")
def serve(host: str, port: int) -> int:
    """Start the Gradio web app — chat, browse, about, and the /ask API — building the
    knowledge base and index first when needed."""
    from kb.logs import DETAILED, setup_logging
    from webapp.server import serve as serve_app

    setup_logging(get_settings().log_level, DETAILED)  # a server's log wants times and names
    return serve_app(host, port)


@click.group(short_help="export the users' feedback as CSV")
def feedback() -> None:
    """The users' 👍/👎 ratings of answers."""


@feedback.command(short_help="write every rating as CSV")
@click.option("--csv", is_flag=True, expose_value=False, help="CSV output (the only format; accepted for clarity)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="write to FILE instead of standard output")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="feedback database (default KB_DATA_DIR/feedback.sqlite3)")
@click.option("--excel", is_flag=True, help="for people: byte-order mark, Chinese column names, local time "
                                            "(KB_TIMEZONE), ratings in words — opens right in Excel on a Chinese PC")
def export(out: Path | None, db: Path | None, excel: bool) -> int:
    """Export every 👍/👎 rating with its question, earlier turns, answer and comment as
    CSV (UTF-8, header row; English column names for scripts unless --excel). Cells that
    a spreadsheet would run as formulas are prefixed with '."""
    from kb.feedback import FeedbackStore
    from kb.settings import get_settings

    store = FeedbackStore(db, read_only=True)  # an export writes nothing beside the database

    def write(fh) -> int:
        return store.export_excel(fh, get_settings().timezone) if excel else store.export_csv(fh)

    if out is None:
        n = write(sys.stdout)
    else:
        try:
            with out.open("w", encoding="utf-8", newline="") as fh:
                n = write(fh)
        except OSError as exc:
            click.echo(f"kb feedback: cannot write {out} ({exc.strerror})", err=True)
            return 1
    click.echo(f"{n} feedback records from {store.where}" + (f" → {out}" if out else ""), err=True)
    return 0
