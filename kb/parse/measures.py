"""Genre: a numbered list of measures grouped under categories (一、 category, (一) measure).

Each measure's title is its first sentence; the body is the rest. Numbers run on across
categories (measure 九 opens the second category), as in the source.
Does not handle: measures split into sub-items with their own numbering (the sub-items
stay in the body), categories nested more than one level.
"""
from __future__ import annotations

from kb.parse.genres import register
from kb.parse.common import ParseContext, first_clause, passages_for_tree, tidy
from kb.parse.numbering import Marker
from kb.parse.outline import Node
from kb.facts import Measure, stable_id


def _split_title(text: str) -> tuple[str, str]:
    text = tidy(text) if not text.endswith("。") else text
    head, sep, rest = text.partition("。")
    if not sep:
        return first_clause(text), text
    return head.strip(), rest.strip()


def parse_measures(ctx: ParseContext, root: Node) -> None:
    if root.body:
        ctx.passage([], root.body, topic="measures")
    for cat in root.children:
        items = [c for c in cat.children if c.kind == Marker.paren_cn.value]
        if cat.kind != Marker.cn.value or not items:
            passages_for_tree(ctx, cat, topic="measures")
            continue
        ctx.heading(cat)
        category = tidy(cat.title)
        if cat.body:
            ctx.passage(cat.path(), cat.body, topic="measures")
        for node in cat.children:
            if node.kind != Marker.paren_cn.value:
                ctx.warn(node.heading, f"unexpected {node.kind} numbering in category {category!r}")
                passages_for_tree(ctx, node, topic="measures")
                continue
            lines = node.all_lines()
            title, body = _split_title(node.title)
            extra = [l.text for l in lines[1:]]
            body = "\n".join(x for x in [body, *extra] if x)
            ctx.add(Measure(id=stable_id("msr", ctx.doc.id, str(node.number), title),
                            number=node.number, title=title, body=body, category=category,
                            category_number=cat.number, text="\n".join(l.text for l in lines),
                            citation=ctx.citation(node.path(), lines)), lines)


register("measures", parse_measures)
