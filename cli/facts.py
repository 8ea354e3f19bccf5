"""`kb build`, `kb add`, `kb facts`, `kb search`: make the knowledge base and look inside it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.params import KIND, mode_option
from cli.tables import print_table

if TYPE_CHECKING:
    from kb.build import BuildResult
    from kb.facts import Fact


def load_facts() -> list[Fact]:
    """The facts of the build directory, rebuilt first when missing or stale."""
    from kb.build import ensure_facts

    return ensure_facts()[0]


@click.command(short_help="parse the corpus into facts and index them (only what is stale)")
@click.option("--force", is_flag=True, help="rebuild everything even when up to date")
@click.option("--facts-only", is_flag=True, help="parse the facts, skip the index")
@click.option("--strict", is_flag=True, help="exit 1 when the build has warnings (after writing it)")
def build(force: bool, facts_only: bool, strict: bool) -> int:
    """Parse the corpus into typed, cited facts in the build directory, report per
    document what it produced, dropped and unassigned lines and warnings, and build the
    BM25 and dense index in build/index/ — each part only when it is stale."""
    warnings = build_corpus(force, facts_only)
    if strict and warnings:
        click.echo(f"kb build: {len(warnings)} warnings and --strict", err=True)
        return 1
    return 0


def build_corpus(force: bool = False, facts_only: bool = False) -> list[str]:
    """Build what is stale, print the report; the build's warnings."""
    from kb.locks import build_lock
    from kb.settings import get_settings

    settings = get_settings()
    corpus, out = settings.corpus_dir, settings.build_dir
    with build_lock(out).hold(exclusive=True):  # one build at a time; readers wait for the whole of it
        return _build_locked(corpus, out, force, facts_only)


def _build_locked(corpus: Path, out: Path, force: bool, facts_only: bool) -> list[str]:
    from kb.build import build_facts, facts_are_fresh, read_facts, write_build

    if not force and facts_are_fresh(out, corpus):
        click.echo(f"facts are up to date in {out} (use --force to rebuild)")
        facts = read_facts(out / "facts.jsonl")
        report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
        warnings = [w for d in report["documents"] for w in d["warnings"]]
    else:
        result = build_facts(corpus)
        write_build(result, out, corpus)
        _print_build_report(result, out / "facts.jsonl")
        facts, warnings = result.facts, result.warnings
    if not facts_only:
        _build_index(facts, force)
    return warnings


def _print_build_report(result: BuildResult, facts_path: Path) -> None:
    report = result.report
    for doc in report["documents"]:
        counts = ", ".join(f"{k} {v}" for k, v in doc["facts"].items()) or "no facts"
        click.echo(f"{doc['origin']}  [{doc['genre']}]  {counts}  "
                   f"({doc['nonblank_lines']} lines, {len(doc['dropped'])} dropped as boilerplate)")
        for how in doc["read_as"]:
            click.echo(f"  read as {how}")
    total = ", ".join(f"{k} {v}" for k, v in report["facts"].items())
    click.echo(f"total: {total}  → {facts_path}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    unassigned = [(d["origin"], u) for d in report["documents"] for u in d["unassigned"]]
    if unassigned:
        click.echo(f"unassigned: {len(unassigned)} non-blank source lines belong to no fact:")
        for origin, u in unassigned:
            click.echo(f"  {origin}:{u['line']}  {u['text'][:60]}")
    else:
        click.echo("unassigned: none — every non-blank source line belongs to a fact, a heading, "
                   "or a dropped-boilerplate entry")


def _build_index(facts: list[Fact], force: bool) -> None:
    from answering.uncovered import Uncovered
    from indexer.store import open_index
    from kb.settings import get_settings

    index = open_index(facts, dense_now=True, force=force)
    store = index.store
    assert store is not None  # open_index always keeps its store
    if index.dense.encoder is not None:  # the uncovered topics' vectors too: a cold `kb ask` reads them
        Uncovered.load(get_settings().corpus_dir, store.folder).vectors(index.dense.encoder)
    for part in ("bm25", "dense"):
        entry = store.manifest["parts"][part]
        state = "built" if part in store.built else "up to date"
        extra = f", encoder {entry['encoder']} ({entry['dim']}-d)" if part == "dense" else ""
        click.echo(f"index {part}: {state} in {store.folder} (last build {entry['build_seconds']} s{extra})")


@click.command(short_help="list the parsed facts")
@click.option("--kind", type=KIND, help="only facts of this kind")
@click.option("--department", metavar="D", help="only facts of this department, e.g. 综合业务一处")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one fact per line")
def facts(kind: str | None, department: str | None, as_json: bool) -> int:
    """List facts as a table, or as JSON Lines shaped like the `facts` items of the
    `kb ask` contract."""
    chosen = [f for f in load_facts() if (kind is None or f.kind == kind)
              and (department is None or getattr(f, "department", None) == department)]
    if as_json:
        for f in chosen:
            click.echo(json.dumps(f.view(), ensure_ascii=False))
        return 0
    rows = []
    for f in chosen:
        view = f.view()
        extra = view["time_limit"] or view.get("category") or view.get("section") or view.get("topic")
        origin, (first, last) = view["citation"]["origin"], view["citation"]["lines"]
        rows.append([f.kind, view["department"], view["number"], f.title, extra, f"{origin[:3]}:{first}-{last}"])
    print_table(["kind", "department", "no.", "title", "time limit / category", "source"], rows,
                [10, 14, 4, 40, 30, 14])
    click.echo(f"\n{len(rows)} facts")
    return 0


@click.command(short_help="rank facts for a query (BM25, dense or hybrid)")
@click.argument("query")
@click.option("--k", type=click.IntRange(min=1), default=10, metavar="N", help="how many hits (default 10)")
@mode_option()
@click.option("--json", "as_json", is_flag=True, help="one JSON object with the typed hits")
def search(query: str, k: int, mode: str, as_json: bool) -> int:
    """Rank the facts for QUERY (words to look for, e.g. 吨税执照多久) and show why each
    was found: the fused score and each signal's score and rank."""
    from indexer.store import open_index

    if not query.strip():
        click.echo("kb search: the query is empty; give some words, e.g. kb search 吨税执照", err=True)
        return 2
    hits = open_index(load_facts()).search(query, k=k, mode=mode)
    if as_json:
        click.echo(json.dumps({"query": query, "mode": mode, "hits": [h.to_dict() for h in hits]},
                              ensure_ascii=False))
        return 0

    def signal(score: float | None, rank: int | None, fmt: str) -> str:
        return "" if score is None or rank is None else f"{fmt.format(score)} #{rank}"

    rows = [[n, f"{h.score:.3f}", h.kind, h.title, h.department,
             signal(h.bm25_score, h.bm25_rank, "{:.1f}"), signal(h.dense_score, h.dense_rank, "{:.3f}")]
            for n, h in enumerate(hits, 1)]
    print_table(["#", "score", "kind", "title", "department", "bm25 (rank)", "dense (rank)"], rows,
                [3, 6, 9, 40, 12, 12, 12])
    if not hits:
        click.echo("no fact matches these words")
    return 0


@click.command("add", short_help="add a document to the corpus and build")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--genre", help="procedures, statute, measures, plan, notice, article or prose (default: detected)")
@click.option("--title", help="the document's title (default: its first line)")
@click.option("--issuer", help="who published it, e.g. 某某海关")
@click.option("--date", help="its date, e.g. 2024-05-01")
@click.option("--short-name", help="how questions name it, e.g. 稽查条例 (statutes: the title less 中华人民共和国)")
def add(file: Path, genre: str | None, title: str | None, issuer: str | None, date: str | None,
        short_name: str | None) -> int:
    """Copy FILE (UTF-8 or GB18030 text) into the corpus, enter it in the manifest, build,
    and print what it produced. A file that cannot be a document (missing, empty, binary,
    another encoding, already in the corpus) is refused with a sentence and nothing
    changes; so is a build that fails."""
    from kb.build import build_facts
    from kb.corpus import add_document, remove_document
    from kb.errors import KBError
    from kb.settings import get_settings

    corpus = get_settings().corpus_dir
    meta = add_document(file, corpus, genre, title, issuer, date, short_name)
    click.echo(f"added {meta.origin} as {meta.id} [{meta.genre}] “{meta.title}”")
    try:
        build_facts(corpus)  # parse first: a document that breaks the build is taken out again
    except KBError:
        remove_document(corpus, meta.id)
        raise
    warnings = build_corpus()
    mine = [w for w in warnings if w.startswith(meta.origin)]
    click.echo(f"{meta.origin}: {len(mine)} warnings" + ("" if mine else " — ready to ask about"))
    return 0
