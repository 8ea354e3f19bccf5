"""Genre: an office's public service guide (政务公开) — overview, hours, and per-department
procedures, each numbered business with 作业流程 / 办理时限 / 所需单据 fields.

A department is a heading line that is only a unit name (…处, …科, …中心); the services
under it restart their numbering. Fields are recognised by their label, not their number,
so a service without 办理时限 (the next field becomes （二）) still parses.
Does not handle: fields split across two labels, services nested under services, a
department heading that carries numbering (it is then read as an ordinary section).
"""
from __future__ import annotations

import re

from kb.parse.genres import register
from kb.parse.common import ParseContext, passages_for_tree, tidy
from kb.parse.numbering import Marker
from kb.parse.outline import Node
from kb.parse.timelimit import parse_time_limit
from kb.facts import DocumentGroup, Info, Service, TimeLimit, stable_id

UNIT_HEADING = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,16}(?:处|科|室|中心|站|所|队|办公室|分局|办事处)$")

FIELD_LABELS = [  # (field, words that name it in a label)
    ("steps", ("流程", "步骤", "程序")),
    ("time_limit", ("时限", "期限", "时间")),
    ("documents", ("单据", "材料", "资料", "单证", "证件")),
]
_STEP_SPLIT = re.compile(r"\s*[—－→]+\s*")
_LIST_SEP = re.compile(r"[、]")


def _field_of(label: str) -> str | None:
    for name, words in FIELD_LABELS:
        if any(w in label for w in words):
            return name
    return None


def _split_label(text: str) -> tuple[str, str]:
    label, sep, rest = text.partition("：")
    if not sep:
        label, sep, rest = text.partition(":")
    return (label.strip(), rest.strip()) if sep else (text.strip(), "")


def _inline_list(text: str) -> list[str]:
    """'保证金审批表、保证函、情况说明' → three items; a sentence stays one item."""
    text = tidy(text)
    parts = [p.strip() for p in _LIST_SEP.split(text)]
    if len(parts) > 1 and all(0 < len(p) <= 24 and "，" not in p for p in parts):
        return parts
    return [text] if text else []


class _ServiceBuilder:
    def __init__(self, ctx: ParseContext, node: Node, department: str):
        self.ctx, self.node, self.department = ctx, node, department
        self.steps: list[str] = []
        self.documents: list[str] = []
        self.groups: list[DocumentGroup] = []
        self.documents_raw: str | None = None
        self.notes: list[str] = []
        self.time_limit: TimeLimit | None = None
        self.seen: set[str] = set()

    def build(self) -> Service:
        node = self.node
        for line in node.body:  # prose right under the title: a note
            self.notes.append(line.text)
        for child in node.children:
            label, inline = _split_label(child.title)
            field = _field_of(label) if len(label) <= 12 else None
            if field is None or field in self.seen:
                self.ctx.warn(child.heading, f"unknown field {label!r} in service {tidy(node.title)!r}; kept as a note")
                self.notes += [tidy(l.text) for l in child.all_lines()]
                continue
            self.seen.add(field)
            getattr(self, f"_{field}")(child, inline)
        if not self.seen:
            self.ctx.warn(node.heading, f"service {tidy(node.title)!r} has no recognised fields")
        title = tidy(node.title)
        lines = node.all_lines()
        return Service(
            id=stable_id("svc", self.ctx.doc.id, self.department, title),
            title=title, department=self.department, number=node.number,
            text="\n".join(l.text for l in lines),
            citation=self.ctx.citation(node.path(), lines),
            steps=self.steps, time_limit=self.time_limit, documents=self.documents,
            document_groups=self.groups, documents_raw=self.documents_raw, notes=self.notes)

    def _steps(self, field: Node, inline: str) -> None:
        for text in ([inline] if inline else []) + [l.text for l in field.body]:
            pieces = _STEP_SPLIT.split(tidy(text))
            self.steps += [p for p in pieces if p]
        for item in field.children:
            self.steps.append(tidy(item.title))
            self.notes += [l.text for l in item.body]
            for sub in item.children:
                self.steps.append(tidy(sub.title))

    def _time_limit(self, field: Node, inline: str) -> None:
        if field.children:
            pieces = [c.title for c in field.children]
            raw = "".join(c.heading.text for c in field.children if c.heading)
            self.time_limit = parse_time_limit(pieces, numbered=True, raw=raw)
        else:
            pieces = ([inline] if inline else []) + [l.text for l in field.body]
            self.time_limit = parse_time_limit(pieces)

    def _documents(self, field: Node, inline: str) -> None:
        if inline:
            if tidy(inline) in ("无", "不需要", "无需"):
                self.documents_raw = tidy(inline)
            else:
                self.documents += _inline_list(inline)
        if not field.children:
            for line in field.body:
                self.documents += _inline_list(line.text)
            return
        self.notes += [l.text for l in field.body]
        for item in field.children:
            name = tidy(item.title)
            if item.children and item.title.rstrip().endswith(("：", ":")):
                members = [tidy(c.title) for c in item.children]
                self.groups.append(DocumentGroup(name=name, items=members))
                self.documents += members
                for c in item.children:
                    self.notes += [l.text for l in c.body]
            else:
                self.documents.append(name)
                for c in item.children:
                    self.documents.append(tidy(c.title))
            self.notes += [l.text for l in item.body]


def _departments_info(ctx: ParseContext, overview: Node, units: list[str]) -> None:
    """The list of departments from '内设N个…机构：A、B…，N个所属事业单位：X。'."""
    for line in overview.body:
        m = re.search(r"内设(\d+)个[^：:]*[：:](.+?)[，,；;](\d+)个[^：:]*[：:](.+?)[。.]?$", line.text)
        if not m:
            continue
        depts = _split_outside_parens(m.group(2))
        institutions = _split_outside_parens(m.group(4))
        if len(depts) != int(m.group(1)):
            ctx.warn(line, f"overview says {m.group(1)} departments but lists {len(depts)}")
        short = [re.sub(r"[（(].*?[）)]", "", d) for d in depts]
        info = Info(
            id=stable_id("info", ctx.doc.id, "departments"), topic="departments",
            title=line.text.split("：")[0].split(":")[0], text=line.text, items=depts + institutions,
            data={"departments": depts, "institutions": institutions,
                  "with_procedures": [u for u in units],
                  "without_procedures": [s for s in short if s not in units]},
            citation=ctx.citation(overview.path(), [line]))
        ctx.add(info, [line])
        return
    ctx.warn(overview.heading, "no department list found in the overview")


def _split_outside_parens(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(" and 1 or 0
        depth -= ch in "）)" and 1 or 0
        if ch == "、" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


INFO_TOPICS = [("overview", ("概况", "简介", "概述")), ("working_hours", ("工作时间", "办公时间"))]


def parse_procedures(ctx: ParseContext, root: Node) -> None:
    """Services per department, plus overview, working hours and the department list."""
    overview = None
    units: list[str] = []
    if root.body:
        ctx.passage([], root.body, topic="header")
    for section in root.children:
        unit_nodes = [c for c in section.children if c.kind == "unit"]
        topic = next((t for t, words in INFO_TOPICS if any(w in section.title for w in words)), None)
        if unit_nodes:
            ctx.heading(section)
            for line in section.body:
                ctx.warn(line, "text between a section heading and its first department; not assigned")
            for unit in unit_nodes:
                units.append(tidy(unit.title))
                _parse_unit(ctx, unit)
            for other in section.children:
                if other.kind != "unit":
                    ctx.warn(other.heading, "numbered section outside any department; read as prose")
                    passages_for_tree(ctx, other)
        elif topic and section.heading:
            lines = [section.heading] + section.all_lines()[1:]
            title = tidy(section.title)
            info = Info(id=stable_id("info", ctx.doc.id, topic), topic=topic, title=title,
                        text="\n".join(l.text for l in lines[1:]) or title,
                        citation=ctx.citation(section.path(), lines))
            ctx.add(info, lines)
            if topic == "overview":
                overview = section
        else:
            passages_for_tree(ctx, section)
    if overview is not None:
        _departments_info(ctx, overview, units)


def _parse_unit(ctx: ParseContext, unit: Node) -> None:
    department = tidy(unit.title)
    ctx.heading(unit)
    for line in unit.body:
        ctx.warn(line, f"text under department {department!r} outside any service; not assigned")
    services = [c for c in unit.children if c.kind == Marker.cn.value]
    if not services:
        ctx.warn(unit.heading, f"department {department!r} lists no numbered services")
    for child in unit.children:
        if child.kind != Marker.cn.value:
            ctx.warn(child.heading, f"unexpected {child.kind} numbering under {department!r}; read as prose")
            passages_for_tree(ctx, child)
    for node in services:
        service = _ServiceBuilder(ctx, node, department).build()
        ctx.add(service, node.all_lines())


register("procedures", parse_procedures, unit_heading=UNIT_HEADING)
