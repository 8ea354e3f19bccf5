"""`kb ask` and `kb checklist`: answers and checklists from the facts."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.params import Greedy, mode_option

if TYPE_CHECKING:
    from answering.types import Answer
    from kb.facts import Citation

STATUS_TEXT = {"answered": "answered", "clarify": "clarify — reply with one of the choices",
               "not_found": "not found in the knowledge base"}


@click.command(short_help="answer a question (the kb ask contract)")
@click.argument("question", required=False)
@click.option("--history", cls=Greedy, allow_empty=True, metavar="TURN ...",
              help="earlier user turns, oldest first, for follow-up questions")
@click.option("--json", "as_json", is_flag=True, help="print the answer as contract JSON")
@click.option("--source", is_flag=True, help="also print the cited source lines of the answer")
@click.option("--batch", metavar="FILE", help="JSON Lines of questions; - reads standard input")
@mode_option(what="retrieval")
def ask(question: str | None, history: tuple[str, ...], as_json: bool, source: bool, batch: str | None,
        mode: str) -> int:
    """Answer QUESTION (e.g. 报关单填错了想改怎么弄) from the facts: a card with its
    citation, a clarifying question, or a plain not-found. --json prints the contract
    JSON; --batch reads JSON Lines {"question": str, "history": [str]} and prints one JSON
    answer per line, in order, loading the index once."""
    from answering.assistant import Assistant

    if batch is not None:
        return _ask_batch(batch, mode)
    if question is None:
        click.echo("kb ask: give a question, or --batch FILE.jsonl (or - for standard input)", err=True)
        return 2
    answer = Assistant.load(mode=mode).ask(question, list(history))
    click.echo(json.dumps(answer.contract(), ensure_ascii=False) if as_json else _answer_text(answer))
    if source and answer.main is not None:
        _print_source(answer.main.citation)
    return 0


def _answer_text(answer: Answer) -> str:
    intent = answer.intent.value if answer.intent else "-"
    return (f"{answer.answer}\n\n[{STATUS_TEXT[answer.status.value]} · intent {intent} · "
            f"{answer.latency_ms or 0:.0f} ms]")


def _print_source(citation: Citation) -> None:
    from kb.sources import cited_lines

    first, last = citation.lines
    click.echo(f"\n--- {citation.origin} lines {first}–{last} ---")
    for n, text in cited_lines(citation):
        if text.strip():
            click.echo(f"{n:>5}  {text}")


def _ask_batch(batch: str, mode: str) -> int:
    """One JSON answer per non-blank line; a malformed line gets a not_found answer naming
    it, so that output lines stay aligned with input lines."""
    from answering.assistant import Assistant
    from answering.types import Answer, Status

    if batch != "-" and not Path(batch).is_file():
        click.echo(f"kb ask: {batch} is not a file", err=True)
        return 2
    bot = Assistant.load(mode=mode)
    for n, question, history, problem in _batch_lines(batch):
        if problem:
            click.echo(f"kb ask: {batch}:{problem}", err=True)
            answer = Answer(question=question, status=Status.not_found, answer=f"无法读取第{n}行：{problem}")
        else:
            answer = bot.ask(question, history)
        click.echo(json.dumps(answer.contract(), ensure_ascii=False))
    return 0


def _batch_lines(source: str) -> Iterator[tuple[int, str, list[str], str | None]]:
    """(line number, question, history, problem) for each non-blank line of a JSON Lines
    file, or of standard input for ``-``. Lines end at \\n only, as JSON Lines says (a raw
    CR inside a string stays in its line), and each line is decoded on its own, so bytes
    that are not UTF-8 spoil only their line and are reported with it."""
    with click.open_file(source, "rb") as stream:  # "-": standard input, left open
        for n, raw in enumerate(stream, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield n, raw.decode("utf-8", "replace").strip()[:200], [], \
                    f"line {n}: not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line, strict=False)  # a raw control character inside a string is read as itself
                if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                    raise ValueError('needs an object with a string "question"')
                history = obj.get("history") or []
                if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
                    raise ValueError('"history" must be a list of strings')
                yield n, obj["question"], history, None
            except (ValueError, RecursionError) as exc:  # RecursionError: objects nested a thousand deep
                problem = "nested too deep" if isinstance(exc, RecursionError) else str(exc)[:200]
                yield n, line.strip()[:200], [], f"line {n}: {problem}"


@click.command(short_help="write a printable checklist for services")
@click.argument("services", nargs=-1, required=True, metavar="SERVICE...")
@click.option("--department", metavar="D", help="the department, when a title exists in several")
@click.option("--format", "fmt", type=click.Choice(["md", "pdf", "both"]), default="both",
              help="files to write (default both)")
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), metavar="DIR",
              help="folder for the files (default: current folder)")
@click.option("--stdout", is_flag=True, help="print the Markdown instead of writing files")
@mode_option("bm25", "retrieval used to resolve names in your own words; bm25 needs no encoder")
def checklist(services: tuple[str, ...], department: str | None, fmt: str, out: Path, stdout: bool,
              mode: str) -> int:
    """Write a checklist to take to the window for each SERVICE (e.g. 报关单修撤业务
    吨税执照) — documents as checkboxes, steps, time limit, department, working hours and
    source — as Markdown and PDF. Name services by title or in your own words."""
    from answering.assistant import Assistant
    from answering.checklist import Checklist

    bot = Assistant.load(mode=mode)
    found = bot.services_named(list(services), department)
    sheet = Checklist.of(found, bot.facts, bot.scope.issuer_of(found[0]) if found else "",
                           bot.scope.date_of(found[0]) if found else "")
    if stdout:
        click.echo(sheet.markdown())
        return 0
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        if fmt in ("md", "both"):
            path = out / sheet.filename("md")
            path.write_text(sheet.markdown(), encoding="utf-8")
            written.append(path)
        if fmt in ("pdf", "both"):
            path = out / sheet.filename("pdf")
            path.write_bytes(sheet.pdf())
            written.append(path)
    except OSError as exc:
        click.echo(f"kb checklist: cannot write to {exc.filename or out} ({exc.strerror}); "
                   "choose another --out", err=True)
        return 1
    for s in found:
        click.echo(f"{s.title} · {s.department} · {len(s.documents)} documents")
    for path in written:
        click.echo(f"wrote {path}")
    return 0
