"""The `kb` command: a thin layer over the library that turns errors into sentences.

    kb build [--force]
    kb facts [--kind K] [--department D] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from kb.errors import KBError

Handler = Callable[[argparse.Namespace], int]


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from kb.build import build_facts, facts_are_fresh, write_build
    from kb.config import build_dir, corpus_dir

    corpus, out = corpus_dir(), build_dir()
    if not args.force and facts_are_fresh(out, corpus):
        print(f"facts are up to date in {out} (use --force to rebuild)")
        return 0
    result = build_facts(corpus)
    write_build(result, out, corpus)
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
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    from kb.schema import FACT_KINDS

    parser = argparse.ArgumentParser(
        prog="kb", description="Cited knowledge base of Dayaowan customs procedures.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("build", help="parse the corpus into facts (only when stale)",
                       description="Parse corpus/ into typed, cited facts in the build directory "
                                   "and report dropped and unassigned lines.")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("facts", help="list the parsed facts",
                       description="List facts as a table, or as JSON Lines shaped like the "
                                   "`facts` items of the `kb ask` contract.")
    p.add_argument("--kind", choices=FACT_KINDS, help="only facts of this kind")
    p.add_argument("--department", metavar="D", help="only facts of this department, e.g. 综合业务一处")
    p.add_argument("--json", action="store_true", help="JSON Lines, one fact per line")
    p.set_defaults(func=cmd_facts)
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
