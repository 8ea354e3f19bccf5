"""Genres of prose: official notices, web articles, and any document of unknown genre.

Everything becomes passages along the section tree. Notices also yield their document
number and the terms they define ("“一次申报”即“一次录入、分别申报”，是指…"); web articles
split off a trailing run of short lines that opens with a short lead ("下一步 …").
Does not handle: definitions phrased any other way, tables, figures (their captions are
kept as text).
"""
from __future__ import annotations

import re

from kb.parse.genres import register
from kb.parse.common import ParseContext, passages_for_tree, tidy
from kb.parse.outline import Node
from kb.facts import Info, stable_id

_DEFINITION = re.compile(r"^[“\"]([^”\"]{2,12})[”\"]即[“\"]([^”\"]+)[”\"][，,]?是指(.+?)[。.]?$")
_DOC_NUMBER = re.compile(r"^\S{1,12}[〔\[(（]\d{4}[〕\])）]\d+号$")


def parse_notice(ctx: ParseContext, root: Node) -> None:
    for line in root.body:
        if _DOC_NUMBER.match(line.text.replace(" ", "")):
            ctx.add(Info(id=stable_id("info", ctx.doc.id, "doc_number"), topic="doc_number",
                         title=line.text.strip(), text=line.text.strip(),
                         data={"document": ctx.doc.title},
                         citation=ctx.citation(["文号"], [line])), [line])
    definitions: dict[tuple, list[tuple[str, Node, str]]] = {}
    for node in root.walk():
        for line in node.body:
            m = _DEFINITION.match(line.text)
            if not m:
                continue
            term = m.group(1)
            ctx.add(Info(id=stable_id("info", ctx.doc.id, "definition", term), topic="definition",
                         title=term, items=[m.group(2)], text=line.text,
                         data={"also_called": m.group(2), "meaning": m.group(3)},
                         citation=ctx.citation(node.path(), [l for l in (node.heading, line) if l])), [line])
            parent = node.parent
            definitions.setdefault(tuple(parent.path()), []).append((term, parent, line.text))
    for path, terms in definitions.items():
        if len(terms) < 2:
            continue
        section = terms[0][1]
        names = [t for t, _, _ in terms]
        ctx.add(Info(id=stable_id("info", ctx.doc.id, "parts", *names), topic="parts",
                     title=tidy(section.title), items=names, text="\n".join(d for _, _, d in terms),
                     data={"document_number": ctx.doc.number or ""},
                     citation=ctx.citation(list(path), section.all_lines())), [])
    passages_for_tree(ctx, root, topic="notice")


def parse_article(ctx: ParseContext, root: Node) -> None:
    for node in list(root.walk()):
        keep = []
        for line in node.body:
            if line.lead and len(line.lead) <= 6 and line.text != line.lead:
                ctx.passage([line.lead], [line], topic="article", title=line.lead)
            else:
                keep.append(line)
        node.body = keep
    passages_for_tree(ctx, root, topic="article")


def parse_prose(ctx: ParseContext, root: Node) -> None:
    passages_for_tree(ctx, root, topic=ctx.doc.genre)


register("notice", parse_notice)
register("article", parse_article, join_short_runs=True)
register("prose", parse_prose)
