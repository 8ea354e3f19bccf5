"""Genre: an implementation plan (实施方案) — goals, then numbered tasks with the units
responsible in a closing parenthesis: "1. 创新口岸运行机制。……（市政府口岸办负责）".

Every 1. 2. … paragraph is a task; its section is the nearest enclosing heading. The
plan's goals (the "——" lines under 主要目标) become one info fact with the figures
quoted in them. Everything else is prose.
Does not handle: responsible units given anywhere but the end of the task, tasks
spanning several numbered paragraphs.
"""
from __future__ import annotations

import re

from kb.parse.genres import register
from kb.parse.common import ParseContext, first_clause, passages_for_tree, tidy
from kb.parse.numbering import Marker
from kb.parse.outline import Node
from kb.facts import Info, PlanTask, stable_id

_UNITS_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
_STRAY_TAIL = 4  # page-break debris after the closing parenthesis, e.g. a repeated "责)"
_FIGURE = re.compile(r"[^，,。；;]*?\d+(?:\.\d+)?\s*(?:%|％|小时|个工作日|天|日)[^，,。；;]*")


def responsible_units(text: str) -> tuple[list[str], str, str]:
    """'…建设。（大连海关、市税务局按职责分工负责）' → (['大连海关', '市税务局'], text before, debris after)."""
    matches = list(_UNITS_PAREN.finditer(text))
    m = matches[-1] if matches else None
    if not m or len(text[m.end():].strip()) > _STRAY_TAIL:
        return [], text, ""
    inner = re.sub(r"(?:按职责分工)?负责$", "", m.group(1).strip()).strip("、 ")
    units = [u.strip() for u in re.split(r"[、]|及", inner) if u.strip()]
    return units, text[:m.start()].rstrip(), text[m.end():].strip()


def _task(ctx: ParseContext, node: Node, section: str) -> None:
    lines = node.all_lines()
    full = "".join(l.text if i else node.title for i, l in enumerate(lines))
    units, rest, debris = responsible_units(full)
    if not units:
        ctx.warn(node.heading, "plan task with no responsible units in a closing parenthesis")
    if debris:
        ctx.warn(lines[-1], f"stray text {debris!r} after the responsible units; ignored")
    title, sep, body = rest.partition("。")
    if len(title) > 40:
        title = first_clause(title)
    title = tidy(title)
    ctx.add(PlanTask(id=stable_id("task", ctx.doc.id, str(node.number), title), number=node.number,
                     title=title, body=(body if sep else rest).strip(), section=section,
                     responsible_units=units, text="\n".join(l.text for l in lines),
                     citation=ctx.citation(node.path(), lines)), lines)


def _goals(ctx: ParseContext, node: Node) -> None:
    lines = node.all_lines()
    goals = [tidy(l.text.lstrip("—- ")) for l in node.body if l.text.startswith(("——", "--"))]
    figures = [f.strip() for l in node.body for f in _FIGURE.findall(l.text)]
    ctx.add(Info(id=stable_id("info", ctx.doc.id, "plan_goals"), topic="plan_goals",
                 title=tidy(node.title), items=goals, data={"figures": figures},
                 text="\n".join(l.text for l in node.body),
                 citation=ctx.citation(node.path(), lines)), lines)


def parse_plan(ctx: ParseContext, root: Node) -> None:
    def walk(node: Node) -> None:
        tasks = [c for c in node.children if c.kind == Marker.arabic.value]
        if node.kind != "root" and ("目标" in node.title) and node.body and not node.children:
            _goals(ctx, node)
            return
        if not tasks:
            if node.kind == "root" or node.children:
                if node.kind == "root":
                    if node.body:
                        ctx.passage([], node.body, topic="plan")
                elif node.body:
                    ctx.passage(node.path(), ([node.heading] if node.heading else []) + node.body, topic="plan")
                else:
                    ctx.heading(node)
                for child in node.children:
                    walk(child)
            else:
                passages_for_tree(ctx, node, topic="plan")
            return
        ctx.heading(node)
        if node.body:
            ctx.passage(node.path(), node.body, topic="plan")
        for child in node.children:
            if child.kind == Marker.arabic.value:
                _task(ctx, child, tidy(node.title))
            else:
                walk(child)
    walk(root)


register("plan", parse_plan)
