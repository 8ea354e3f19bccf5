"""Genre: a government-service guide (办事指南) in any of its common layouts —

- services under department headings (…处, …科, …中心; bare or numbered), each a
  numbered item whose fields are numbered children ("（二）办理时限：…") or labelled lines
  ("办理时限：…", "所需材料：" followed by a list);
- one service per document, its elements as top-level sections or labelled lines
  (the national template: 一、事项名称 … 五、申请材料 … 六、办理时限; or a page with the
  labels on lines of their own, as on GOV.MO);
- a flat list of commitments, one service per item or line with its time limit inside
  the sentence ("办理深加工结转手续，…自海关受理之日起2个工作日内办结").

Fields are recognised by their label (the lexicon in ``service_fields.toml``, data), not by
their number, in Simplified or Traditional. A promised limit (承诺) is the service's
time limit and a statutory one (法定) is kept beside it. Overview, working hours and the
department list are info facts.
Does not handle: services nested under services, tables, a label split across two lines.
"""
from __future__ import annotations

import re

from collections import Counter

from kb.facts import DocumentGroup, Info, Service, TimeLimit, stable_id
from kb.parse.clean import Line
from kb.parse.common import ParseContext, passages_for_tree, tidy
from kb.parse.fields import is_generic_heading, match_label, split_inline_labels
from kb.parse.genres import register
from kb.parse.numbering import Marker, parse_number, strip_prefix
from kb.parse.outline import Node
from kb.parse.script import to_simplified
from kb.parse.timelimit import find_limit, parse_time_limit

UNIT_HEADING = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,16}(?:处|科|室|中心|站|所|队|办公室|分局|办事处)$")

_STEP_SPLIT = re.compile(r"\s*[—－→]+\s*")
_STEP_PREFIX = re.compile(r"^(?:第\s*[0-9一二三四五六七八九十]+\s*步|步骤\s*[0-9一二三四五六七八九十]+)\s*[：:、.．]?\s*")
_LIST_SEP = re.compile(r"[、]")
LIST_ELEMENTS = ("documents", "steps")
_MARKER_ORDER = [m.value for m in Marker] + ["unit", "part"]
TEXT_ELEMENTS = ("legal_basis", "conditions", "fees", "location", "hours", "contact", "result")


def _inline_list(text: str) -> list[str]:
    """'保证金审批表、保证函、情况说明' → three items; a sentence stays one item."""
    text = tidy(text)
    parts = [p.strip() for p in _LIST_SEP.split(text)]
    if len(parts) > 1 and all(0 < len(p) <= 24 and "，" not in p for p in parts):
        return parts
    return [text] if text else []


class _ServiceBuilder:
    """The fields of one service, from numbered children that carry labels (the tree) or,
    when none does, from its lines in order (each label opens a field, the lines after it
    fill it until the next label)."""

    def __init__(self, ctx: ParseContext, title: str, department: str | None, number: int):
        self.ctx, self.title, self.department, self.number = ctx, title, department, number
        self.steps: list[str] = []
        self.documents: list[str] = []
        self.groups: list[DocumentGroup] = []
        self.documents_raw: str | None = None
        self.notes: list[str] = []
        self.time_limit: TimeLimit | None = None
        self.limit_pieces: list[tuple[bool, str]] = []  # (under a 法定 label?, text)
        self.text: dict[str, list[str]] = {}
        self.seen: set[str] = set()

    # -- the tree layout: （一）作业流程： / （二）办理时限： / （三）所需单据： ----------------
    def from_tree(self, node: Node) -> None:
        for line in node.body:  # prose right under the title: a note
            self.notes.append(line.text)
        for child in node.children:
            found = match_label(child.title)
            field = found[0] if found and found[0] in ("steps", "time_limit", "documents") else None
            if field is None or field in self.seen:
                self.ctx.warn(child.heading, f"unknown field {child.title[:12]!r} in service {self.title!r}; "
                                             "kept as a note")
                self.notes += [tidy(l.text) for l in child.all_lines()]
                continue
            self.seen.add(field)
            getattr(self, f"_{field}")(child, found[1] if found else "")

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

    # -- the line layout: 办理时限：… / 所需材料： + a list / labels on lines of their own ----
    def from_lines(self, lines: list[Line]) -> None:
        fields: dict[str, list[tuple[bool, str]]] = {}  # element → (numbered item?, text)
        current: str | None = None
        for line in lines:
            numbered = parse_number(line.text)
            text = numbered.rest if numbered else strip_prefix(line.text)[0]
            found = match_label(text)
            if found and found[0] == current and current not in LIST_ELEMENTS:
                found = None  # 地址：… inside 办理地点: part of the element's text, as written
            if found:
                current, value = found
                for element, piece in split_inline_labels(value) if value else []:
                    fields.setdefault(element or current, []).append((False, piece))
                fields.setdefault(current, [])
                continue
            if current is None:
                self.notes.append(line.text)
            elif current in TEXT_ELEMENTS:
                fields[current].append((False, strip_prefix(line.text)[0]))  # as written, numbering kept
            else:
                fields[current].append((numbered is not None or bool(_STEP_PREFIX.match(text)), text))
        for element, entries in fields.items():
            self.seen.add(element)
            self._fill(element, entries)

    def _fill(self, element: str, entries: list[tuple[bool, str]]) -> None:
        items = [t for numbered, t in entries if numbered]
        if element in LIST_ELEMENTS and items:
            # a numbered list: its items are the field; other lines introduce or annotate it
            self.notes += [t for numbered, t in entries if not numbered]
            entries = [(True, t) for t in items]
        texts = [t for _, t in entries if t.strip()]
        if element == "steps":
            for t in texts:
                self.steps += [p for p in _STEP_SPLIT.split(tidy(_STEP_PREFIX.sub("", t))) if p]
        elif element == "documents":
            for t in texts:
                if tidy(t) in ("无", "不需要", "无需"):
                    self.documents_raw = tidy(t)
                elif items:
                    self.documents.append(tidy(t))
                else:
                    self.documents += _inline_list(t)
        elif element in ("time_limit", "statutory_time_limit"):
            self.limit_pieces += [(element == "statutory_time_limit", t) for t in texts]
        elif element == "notes":
            self.notes += texts
        elif element in ("title", "department"):
            self.text.setdefault(element, []).extend(tidy(t) for t in texts)
        elif element in TEXT_ELEMENTS:  # as written, numbering kept, without closing punctuation
            self.text.setdefault(element, []).extend(t.strip().rstrip("。；;，, ") for t in texts)

    def _limits(self) -> tuple[TimeLimit | None, TimeLimit | None]:
        """(promised or only limit, statutory limit): pieces marked 承诺 are the promise, those
        under a 法定 label or naming 法定 the statutory limit, when both kinds are present."""
        pieces = [(labelled, p) for labelled, text in self.limit_pieces for p in re.split(r"[；;]", text) if tidy(p)]
        promised = [p for _, p in pieces if "承诺" in p]
        statutory = [p for labelled, p in pieces if (labelled or "法定" in p) and p not in promised]
        plain = [p for _, p in pieces if p not in promised and p not in statutory]
        if promised:  # unmarked pieces beside a promise are the statutory limit
            statutory += plain
        else:
            promised = plain
        numbered = len(promised) > 1 and all(find_limit(p) for p in promised)
        main = parse_time_limit(promised, numbered=numbered, raw="；".join(tidy(p) for p in promised)) \
            if promised else None
        return main, parse_time_limit(statutory) if statutory else None

    def service(self, node_lines: list[Line], path: list[str]) -> Service:
        if self.limit_pieces:
            self.time_limit, statutory = self._limits()
        else:
            statutory = None
        if not self.seen:
            self.ctx.warn(node_lines[0], f"service {self.title!r} has no recognised fields")
        department = self.department or _first(self.text.get("department")) or ""
        extra = {name: "\n".join(self.text[name]) for name in TEXT_ELEMENTS if self.text.get(name)}
        return Service(
            id=stable_id("svc", self.ctx.doc.id, department, self.title),
            title=self.title, department=department, number=self.number,
            text="\n".join(l.text for l in node_lines), citation=self.ctx.citation(path, node_lines),
            steps=self.steps, time_limit=self.time_limit, documents=self.documents,
            document_groups=self.groups, documents_raw=self.documents_raw, notes=self.notes,
            statutory_time_limit=statutory, **extra)


def _first(values: list[str] | None) -> str | None:
    return next((v for v in values or [] if v), None)


def _labelled_children(node: Node) -> bool:
    return any(match_label(c.title) for c in node.children)


def build_service(ctx: ParseContext, node: Node, department: str | None) -> Service:
    """The service a numbered item describes, by whichever layout its fields use."""
    builder = _ServiceBuilder(ctx, tidy(node.title), department, node.number)
    lines = node.all_lines()
    if _labelled_children(node):
        builder.from_tree(node)
    else:
        builder.from_lines([l for l in lines if l is not node.heading])
    return builder.service(lines, node.path())


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
    """Services by the layout the document uses, plus overview, working hours and the
    department list."""
    lines = root.all_lines()
    labels = Counter(found[0] for l in lines if (found := match_label(_text(l))))
    # one service: several elements, and those that make a service (its name, limit,
    # documents, steps) named once — or twice (办理时限 and 审批所需时间)
    if len(labels) >= 3 and all(labels[e] <= 2 for e in ("title", "time_limit", "documents", "steps")):
        _one_service(ctx, root, lines)
    elif not _has_units(root) and len(labels) < 2 and _commitments(root):
        _commitment_list(ctx, root)
    else:
        _sections(ctx, root)


def _text(line: Line) -> str:
    numbered = parse_number(line.text)
    return numbered.rest if numbered else strip_prefix(line.text)[0]


def _has_units(root: Node) -> bool:
    return any(c.kind == "unit" for section in [root, *root.children] for c in section.children)


def _sections(ctx: ParseContext, root: Node) -> None:
    """Sections holding departments (their services), info sections, and — in a guide with
    no departments — numbered sections that are services of their own."""
    overview = None
    units: list[str] = []
    if root.body:
        ctx.passage([], root.body, topic="header")
    for section in root.children:
        unit_nodes = [c for c in section.children if c.kind == "unit"]
        topic = next((t for t, words in INFO_TOPICS if any(w in section.title for w in words)), None)
        if section.kind == "unit":
            units.append(tidy(section.title))
            _parse_unit(ctx, section)
        elif unit_nodes:
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
        elif sum(1 for l in section.all_lines() if match_label(_text(l))) >= 2:
            ctx.add(build_service(ctx, section, None), section.all_lines())
        else:
            passages_for_tree(ctx, section)
    if overview is not None:
        _departments_info(ctx, overview, units)


def _parse_unit(ctx: ParseContext, unit: Node) -> None:
    department = tidy(unit.title)
    ctx.heading(unit)
    for line in unit.body:
        ctx.warn(line, f"text under department {department!r} outside any service; not assigned")
    kinds = Counter(c.kind for c in unit.children)
    # the services' numbering: the most used one, the outermost (一、) on a tie
    kind = max(kinds, key=lambda k: (kinds[k], -_MARKER_ORDER.index(k))) if kinds else None
    if kind is None:
        ctx.warn(unit.heading, f"department {department!r} lists no numbered services")
    for child in unit.children:
        if child.kind != kind:
            ctx.warn(child.heading, f"unexpected {child.kind} numbering under {department!r}; read as prose")
            passages_for_tree(ctx, child)
        else:
            ctx.add(build_service(ctx, child, department), child.all_lines())


def _one_service(ctx: ParseContext, root: Node, lines: list[Line]) -> None:
    """A document that is one service: its elements are the document's sections or labels;
    the lines before the first label are its heading."""
    first = next(i for i, l in enumerate(lines) if match_label(_text(l)))
    header = [l for l in lines[:first] if l.text.strip()]
    names = [tidy(l.text) for l in header if not is_generic_heading(tidy(l.text))]
    builder = _ServiceBuilder(ctx, "", None, 1)
    builder.from_lines(lines[first:])
    # the document's own name for it: 事项名称, else the manifest title's last part, else a heading line
    from_title = to_simplified(re.split(r"\s*[—–-]\s*", ctx.doc.title)[-1].strip()) if ctx.doc.title else ""
    builder.title = _first(builder.text.get("title")) or (from_title if from_title in names else "") \
        or (names[-1] if names else from_title)
    ctx.add(builder.service(lines, [builder.title]), lines)


def _commitments(root: Node) -> bool:
    """Whether the numbered items (or their lines) state time limits: a commitment list."""
    items = [tidy(c.title) for c in root.children] + [l.text for c in root.children for l in c.body]
    return sum(1 for t in items if find_limit(t)) >= 2


def _commitment_list(ctx: ParseContext, root: Node) -> None:
    """One service per item (or per line under a group heading) that states a time limit:
    the title is the text before the first comma or colon, the limit the rest."""
    if root.body:
        ctx.passage([], root.body, topic="header")
    number = 0
    for item in root.children:
        head = tidy(item.title)
        if find_limit(head) and item.heading:
            number += 1
            ctx.add(_commitment(ctx, item.heading, head, number, item.path()), item.all_lines())
            continue
        listed = [l for l in item.body if find_limit(l.text)]
        if not listed:
            passages_for_tree(ctx, item)
            continue
        ctx.heading(item)
        for line in item.body:
            if line in listed:
                number += 1
                ctx.add(_commitment(ctx, line, tidy(line.text), number, item.path()), [line])
            else:
                ctx.passage(item.path(), [line])


def _commitment(ctx: ParseContext, line: Line, text: str, number: int, path: list[str]) -> Service:
    m = re.search(r"[,，:：]", text)
    title, rest = (tidy(text[:m.start()]), text[m.end():]) if m else (tidy(text), text)
    limit = parse_time_limit([rest])
    return Service(id=stable_id("svc", ctx.doc.id, "", title), title=title, department="", number=number,
                   text=line.text, citation=ctx.citation(path + [title], [line]), time_limit=limit)


def check(facts: list) -> list[str]:
    """What a service guide should have yielded: services, each with a time limit and documents."""
    services = [f for f in facts if isinstance(f, Service)]
    if not services:
        return ["a service guide that yielded no service: check the genre and the field labels "
                "(kb/parse/service_fields.toml)"]
    out = [f"service {s.title!r} ({s.citation.origin}:{s.citation.lines[0]}) has no time limit"
           for s in services if s.time_limit is None]
    out += [f"service {s.title!r} ({s.citation.origin}:{s.citation.lines[0]}) lists no documents"
            for s in services if not s.documents and not s.documents_raw and s.steps]
    return out


register("procedures", parse_procedures, unit_heading=UNIT_HEADING, check=check)
