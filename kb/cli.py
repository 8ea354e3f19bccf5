"""The `kb` command: a thin layer over the library that turns errors into sentences.

    kb build [--force] [--facts-only]
    kb facts [--kind K] [--department D] [--json]
    kb search "query" [--k 10] [--mode bm25|dense|hybrid] [--json]
    kb ask "question" [--history TURN ...] [--json]   ·   kb ask --batch FILE|-
    kb checklist SERVICE ... [--format md|pdf|both] [--out DIR]
    kb feedback export --csv [--out FILE]   ·   kb serve
    kb eval FILE [--mode …]   ·   kb bench
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from kb.errors import KBError

Handler = Callable[[argparse.Namespace], int]


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from kb.build import build_facts, facts_are_fresh, read_facts, write_build
    from kb.config import build_dir, corpus_dir

    corpus, out = corpus_dir(), build_dir()
    if not args.force and facts_are_fresh(out, corpus):
        print(f"facts are up to date in {out} (use --force to rebuild)")
        facts = read_facts(out / "facts.jsonl")
    else:
        result = build_facts(corpus)
        write_build(result, out, corpus)
        _print_build_report(result, out)
        facts = result.facts
    if not args.facts_only:
        _build_index(facts, args.force)
    return 0


def _print_build_report(result, out) -> None:
    report = result.report
    for doc in report["documents"]:
        counts = ", ".join(f"{k} {v}" for k, v in doc["facts"].items()) or "no facts"
        print(f"{doc['origin']}  [{doc['genre']}]  {counts}  "
              f"({doc['nonblank_lines']} lines, {len(doc['dropped'])} dropped as boilerplate)")
    total = ", ".join(f"{k} {v}" for k, v in report["facts"].items())
    print(f"total: {total}  → {out / 'facts.jsonl'}")
    for w in result.warnings:
        print(f"warning: {w}")
    unassigned = [(d["origin"], u) for d in report["documents"] for u in d["unassigned"]]
    if unassigned:
        print(f"unassigned: {len(unassigned)} non-blank source lines belong to no fact:")
        for origin, u in unassigned:
            print(f"  {origin}:{u['line']}  {u['text'][:60]}")
    else:
        print("unassigned: none — every non-blank source line belongs to a fact, a heading, "
              "or a dropped-boilerplate entry")


def _build_index(facts: list, force: bool) -> None:
    from indexer.store import open_index

    index = open_index(facts, log=_err, dense_now=True, force=force)
    store = index.store
    for part in ("bm25", "dense"):
        entry = store.manifest["parts"][part]
        state = "built" if part in store.built else "up to date"
        extra = f", encoder {entry['encoder']} ({entry['dim']}-d)" if part == "dense" else ""
        print(f"index {part}: {state} in {store.folder} (last build {entry['build_seconds']} s{extra})")


def _load_facts() -> list:
    from kb.build import ensure_facts

    facts, _ = ensure_facts(log=_err)
    return facts


def cmd_facts(args: argparse.Namespace) -> int:
    from kb.display import table
    from kb.schema import contract_view

    facts = _load_facts()
    if args.kind:
        facts = [f for f in facts if f.kind == args.kind]
    if args.department:
        facts = [f for f in facts if getattr(f, "department", None) == args.department]
    if args.json:
        for f in facts:
            print(json.dumps(contract_view(f), ensure_ascii=False, sort_keys=False))
        return 0
    rows = []
    for f in facts:
        view = contract_view(f)
        extra = view["time_limit"] or view.get("category") or view.get("section") or view.get("topic") or ""
        lines = view["citation"]["lines"]
        rows.append([f.kind, view["department"] or "", view["number"] or "", f.title, extra,
                     f"{view['citation']['origin'][:3]}:{lines[0]}-{lines[1]}"])
    print(table(["kind", "department", "no.", "title", "time limit / category", "source"], rows,
                [10, 14, 4, 40, 30, 14]))
    print(f"\n{len(rows)} facts")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.store import open_index
    from kb.display import table

    if not args.query.strip():
        _err("kb search: the query is empty; give some words, e.g. kb search 吨税执照")
        return 2
    facts = _load_facts()
    index = open_index(facts, log=_err)
    hits = index.search(args.query, k=args.k, mode=args.mode)
    if args.json:
        print(json.dumps({"query": args.query, "mode": args.mode, "hits": [h.to_dict() for h in hits]},
                         ensure_ascii=False))
        return 0

    def signal(score, rank, fmt):
        return "" if rank is None else f"{fmt.format(score)} #{rank}"

    rows = [[n, f"{h.score:.3f}", h.kind, h.title, h.department or "",
             signal(h.bm25_score, h.bm25_rank, "{:.1f}"), signal(h.dense_score, h.dense_rank, "{:.3f}")]
            for n, h in enumerate(hits, 1)]
    print(table(["#", "score", "kind", "title", "department", "bm25 (rank)", "dense (rank)"], rows,
                [3, 6, 9, 40, 12, 12, 12]))
    if not hits:
        print("no fact matches these words")
    return 0


def _answer_text(answer) -> str:
    lines = [answer.answer, ""]
    status = {"answered": "answered", "clarify": "clarify — reply with one of the choices",
              "not_found": "not found in the knowledge base"}[answer.status.value]
    lines.append(f"[{status} · intent {answer.intent or '-'} · {answer.latency_ms:.0f} ms]")
    return "\n".join(lines)


def _batch_lines(source: str):
    """(line number, question, history, problem) for each non-blank line of a JSONL file or stdin."""
    stream = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                    raise ValueError("needs an object with a string \"question\"")
                history = obj.get("history") or []
                if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
                    raise ValueError("\"history\" must be a list of strings")
                yield n, obj["question"], history, None
            except ValueError as exc:
                yield n, line.strip()[:200], [], f"line {n}: {exc}"


def cmd_ask(args: argparse.Namespace) -> int:
    from answering.assistant import Assistant
    from answering.types import Answer, Status

    if args.batch is None and args.question is None:
        _err("kb ask: give a question, or --batch FILE.jsonl (or - for standard input)")
        return 2
    if args.batch is not None and args.batch != "-" and not Path(args.batch).is_file():
        _err(f"kb ask: {args.batch} is not a file")
        return 2
    bot = Assistant.load(mode=args.mode, log=_err)
    if args.batch is None:
        answer = bot.ask(args.question, args.history)
        print(json.dumps(answer.contract(), ensure_ascii=False) if args.json else _answer_text(answer))
        if args.source and answer.facts:
            from kb.sources import cited_lines

            main_fact = bot.by_id[answer.facts[0]["id"]]
            c = main_fact.citation
            print(f"\n--- {c.origin} lines {c.lines[0]}–{c.lines[1]} ---")
            for n, text in cited_lines(c):
                if text.strip():
                    print(f"{n:>5}  {text}")
        return 0
    for n, question, history, problem in _batch_lines(args.batch):
        if problem:
            _err(f"kb ask: {args.batch}:{problem}")
            answer = Answer(question=question, status=Status.not_found, answer=f"无法读取第{n}行：{problem}")
        else:
            answer = bot.ask(question, history)
        print(json.dumps(answer.contract(), ensure_ascii=False), flush=True)
    return 0


def cmd_checklist(args: argparse.Namespace) -> int:
    from answering.assistant import Assistant
    from answering.checklist import Checklist

    bot = Assistant.load(mode=args.mode, log=_err)
    services = bot.services_named(args.services, args.department)
    checklist = Checklist.of(services, bot.facts)
    if args.stdout:
        print(checklist.markdown())
        return 0
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        if args.format in ("md", "both"):
            path = out / checklist.filename("md")
            path.write_text(checklist.markdown(), encoding="utf-8")
            written.append(path)
        if args.format in ("pdf", "both"):
            path = out / checklist.filename("pdf")
            path.write_bytes(checklist.pdf())
            written.append(path)
    except OSError as exc:
        _err(f"kb checklist: cannot write to {exc.filename or out} ({exc.strerror}); choose another --out")
        return 1
    for s in services:
        print(f"{s.title} · {s.department} · {len(s.documents)} documents")
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import importlib.util

    app = Path(__file__).resolve().parent.parent / "app.py"
    spec = importlib.util.spec_from_file_location("kb_app", app)
    if spec is None or not app.exists():
        _err(f"kb serve: {app} is missing; run from a checkout of the project")
        return 1
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main(["--host", args.host, "--port", str(args.port)])


def cmd_feedback(args: argparse.Namespace) -> int:
    from kb.feedback import FeedbackStore

    store = FeedbackStore(Path(args.db) if args.db else None)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as fh:
                n = store.export_csv(fh)
        except OSError as exc:
            _err(f"kb feedback: cannot write {args.out} ({exc.strerror})")
            return 1
    else:
        n = store.export_csv(sys.stdout)
    _err(f"{n} feedback records from {store.path}" + (f" → {args.out}" if args.out else ""))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from answering.assistant import Assistant
    from evals.qa import load_qa
    from evals.runner import evaluate, summary_table, write_reports
    from kb.config import build_dir

    facts = _load_facts()
    path = Path(args.file)
    items, problems = load_qa(path, facts)
    for line, problem in problems:
        _err(f"{path}:{line}: {problem} (skipped)")
    if problems and args.strict:
        _err(f"kb eval: {len(problems)} bad lines in {path}; fix them or drop --strict")
        return 2
    if args.limit:
        items = items[:args.limit]
    if not items:
        _err(f"kb eval: no usable questions in {path}")
        return 2
    bot = Assistant.load(facts, mode=args.mode, log=_err)
    run = evaluate(items, bot.ask, facts, problems, label=f"{path.name} · mode {args.mode}")
    out = Path(args.out) if args.out else build_dir() / "eval" / path.stem
    paths = write_reports(run, out)
    print(summary_table(run.summary))
    print(f"\nreports: {paths['markdown']} · {paths['json']} · {paths['chart']}")
    accuracy = run.summary["accuracy"] or 0.0
    if args.min is not None and accuracy < args.min:
        _err(f"kb eval: accuracy {accuracy:.3f} is under --min {args.min}")
        return 1
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from evals.bench import bench_scale, default_questions, encode_real
    from kb.display import table

    facts = _load_facts()
    questions = default_questions(facts, args.queries)
    base, rate = encode_real(facts)
    print(f"encoder {base.encoder.id}: {len(facts)} real facts encoded at {rate:.1f} facts/s", file=sys.stderr)
    rows = []
    for scale in args.scales:
        r = bench_scale(facts, base, questions, scale, args.mode)
        rows.append([f"×{r['scale']}", r["facts"], f"{r['build_s']:.2f}", f"{r['peak_mb']:.1f}",
                     f"{r['search_p50']:.2f}", f"{r['search_p95']:.2f}", f"{r['repeat_p50']:.2f}",
                     f"{r['ask_p50']:.2f}", f"{r['ask_p95']:.2f}"])
        print(f"scale ×{scale} done", file=sys.stderr)
    print(f"mode {args.mode} · {len(questions)} questions · real facts encoded at {rate:.1f} facts/s")
    print(table(["corpus", "facts", "BM25 build s", "peak MB", "search p50 ms", "search p95 ms",
                 "repeat p50 ms", "ask p50 ms", "ask p95 ms"], rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from indexer.search import MODES
    from kb.schema import FACT_KINDS

    parser = argparse.ArgumentParser(
        prog="kb", description="Cited knowledge base of Dayaowan customs procedures.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("build", help="parse the corpus into facts and index them (only what is stale)",
                       description="Parse corpus/ into typed, cited facts in the build directory, "
                                   "report dropped and unassigned lines, and build the BM25 and dense "
                                   "index in build/index/ — each part only when it is stale.")
    p.add_argument("--force", action="store_true", help="rebuild everything even when up to date")
    p.add_argument("--facts-only", action="store_true", help="parse the facts, skip the index")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("facts", help="list the parsed facts",
                       description="List facts as a table, or as JSON Lines shaped like the "
                                   "`facts` items of the `kb ask` contract.")
    p.add_argument("--kind", choices=FACT_KINDS, help="only facts of this kind")
    p.add_argument("--department", metavar="D", help="only facts of this department, e.g. 综合业务一处")
    p.add_argument("--json", action="store_true", help="JSON Lines, one fact per line")
    p.set_defaults(func=cmd_facts)
    p = sub.add_parser("search", help="rank facts for a query (BM25, dense or hybrid)",
                       description="Rank the facts for a query and show why each was found: the fused "
                                   "score and each signal's score and rank.")
    p.add_argument("query", help="words to look for, e.g. 吨税执照多久")
    p.add_argument("--k", type=int, default=10, help="how many hits (default 10)")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval signal (default hybrid)")
    p.add_argument("--json", action="store_true", help="one JSON object with the typed hits")
    p.set_defaults(func=cmd_search)
    p = sub.add_parser("ask", help="answer a question (the kb ask contract)",
                       description="Answer a question from the facts: a card with its citation, a "
                                   "clarifying question, or a plain not-found. --json prints the contract "
                                   "JSON of ../shared/design.md; --batch reads JSON Lines "
                                   "{\"question\": str, \"history\": [str]} and prints one JSON answer per "
                                   "line, in order, loading the index once.")
    p.add_argument("question", nargs="?", help="the question, e.g. 报关单填错了想改怎么弄")
    p.add_argument("--history", nargs="*", default=[], metavar="TURN",
                   help="earlier user turns, oldest first, for follow-up questions")
    p.add_argument("--json", action="store_true", help="print the answer as contract JSON")
    p.add_argument("--source", action="store_true", help="also print the cited source lines of the answer")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines of questions; - reads standard input")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval (default hybrid)")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("checklist", help="write a printable checklist for services",
                       description="Write a checklist to take to the window — documents as checkboxes, "
                                   "steps, time limit, department, working hours and source — as Markdown "
                                   "and PDF. Name services by title or in your own words.")
    p.add_argument("services", nargs="+", metavar="SERVICE", help="e.g. 报关单修撤业务 吨税执照")
    p.add_argument("--department", metavar="D", help="the department, when a title exists in several")
    p.add_argument("--format", choices=["md", "pdf", "both"], default="both", help="files to write (default both)")
    p.add_argument("--out", default=".", metavar="DIR", help="folder for the files (default: current folder)")
    p.add_argument("--stdout", action="store_true", help="print the Markdown instead of writing files")
    p.add_argument("--mode", choices=MODES, default="bm25",
                   help="retrieval used to resolve names in your own words (default bm25: no encoder needed)")
    p.set_defaults(func=cmd_checklist)
    p = sub.add_parser("serve", help="start the web app (same as python app.py)",
                       description="Start the Gradio web app — chat, browse, about, and the /ask API — "
                                   "building the knowledge base and index first when needed.")
    p.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                   help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")))
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("feedback", help="export the users' feedback as CSV",
                       description="Export every 👍/👎 rating with its question, answer fact ids and "
                                   "comment as CSV (UTF-8, header row) for help-desk staff. Cells that "
                                   "a spreadsheet would run as formulas are prefixed with '.")
    p.add_argument("action", choices=["export"], help="what to do (export)")
    p.add_argument("--csv", action="store_true", help="CSV output (the only format; accepted for clarity)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--db", metavar="PATH", help="feedback database (default KB_DATA_DIR/feedback.sqlite3)")
    p.set_defaults(func=cmd_feedback)
    p = sub.add_parser("eval", help="score the bot on a QA set",
                       description="Run every question of a QA set (JSONL, see README) through the "
                                   "answering API and report accuracy per type, retrieval hit@k and "
                                   "MRR, refusals, clarifications and latency.")
    p.add_argument("file", help="QA set, e.g. evals/qa_dev.jsonl")
    p.add_argument("--mode", choices=MODES, default="hybrid",
                   help="retrieval: BM25, dense vectors, or both fused (default hybrid)")
    p.add_argument("--min", type=float, metavar="ACC", help="exit 1 when overall accuracy is under ACC")
    p.add_argument("--out", metavar="DIR", help="report folder (default build/eval/<file stem>)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    p.add_argument("--strict", action="store_true", help="fail on any malformed line instead of skipping it")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("bench", help="benchmark build time, memory and answer latency",
                       description="Index build time, peak memory and warm answer latency (p50/p95) "
                                   "on the real corpus and on synthetic corpora made by perturbing it.")
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100], metavar="N",
                   help="corpus multiples to measure (default 1 10 100)")
    p.add_argument("--queries", type=int, default=40, metavar="N", help="questions per round (default 40)")
    p.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval to measure (default hybrid)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KBError as exc:
        _err(f"kb {args.command}: {exc}")
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
