"""What every genre parser shares: the document being parsed, citations, line ownership.

A genre parser walks the outline and calls ``claim`` for every line it turns into a fact
(or ``heading`` for section headings that only give facts their section path); whatever
is left unclaimed is reported by ``kb build`` as unassigned, never silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.parse.clean import Line
from kb.parse.numbering import parse_number, strip_prefix
from kb.parse.outline import Node
from kb.facts import Citation, Passage, stable_id

_TRAILING = "。；;，,：:.、 "


def tidy(text: str) -> str:
    """The source's own words without numbering, markdown marks or trailing punctuation."""
    text, _ = strip_prefix(text)
    numbered = parse_number(text)
    if numbered is not None:
        text = numbered.rest
    return text.strip().rstrip(_TRAILING).strip()


def first_clause(text: str, limit: int = 40) -> str:
    """A title for prose: its first sentence, or its first clause when that is too long."""
    text = tidy(text)
    sentence = re.split(r"[。！？!?]", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(_TRAILING)
    clause = re.split(r"[，,；;：:]", sentence, maxsplit=1)[0]
    return clause[:limit].rstrip(_TRAILING)


@dataclass
class DocMeta:
    id: str
    title: str
    origin: str
    genre: str
    issuer: str | None = None
    date: str | None = None
    number: str | None = None
    short_name: str | None = None  # how questions name it (稽查条例); statutes: the title less 中华人民共和国
    aliases: list[str] = field(default_factory=list)  # more names for it


@dataclass
class ParseContext:
    doc: DocMeta
    facts: list = field(default_factory=list)
    owners: dict[int, str] = field(default_factory=dict)  # original line → fact id or role
    warnings: list[str] = field(default_factory=list)

    def citation(self, path: list[str], lines: list[Line]) -> Citation:
        start = min(l.start for l in lines)
        end = max(l.end for l in lines)
        return Citation(doc=self.doc.id, origin=self.doc.origin, title=self.doc.title,
                        section=" › ".join(p for p in path if p), lines=(start, end))

    def claim(self, owner: str, lines: list[Line]) -> None:
        for line in lines:
            for n in range(line.start, line.end + 1):
                self.owners.setdefault(n, owner)

    def heading(self, node: Node) -> None:
        if node.heading is not None:
            self.claim("heading: " + " › ".join(node.path()), [node.heading])

    def warn(self, line: Line | None, message: str) -> None:
        where = f"{self.doc.origin}:{line.start}" if line else self.doc.origin
        self.warnings.append(f"{where}: {message}")

    def add(self, fact, lines: list[Line]) -> None:
        self.facts.append(fact)
        self.claim(fact.id, lines)

    def passage(self, path: list[str], lines: list[Line], topic: str | None = None,
                title: str | None = None) -> Passage | None:
        """A passage fact from ``lines`` (heading first when there is one)."""
        lines = [l for l in lines if l.text.strip()]
        if not lines:
            return None
        texts = [tidy(l.text) if i == 0 else l.text for i, l in enumerate(lines)]
        if title is None:
            titled = [t for t in texts if re.search(r"\w", t) and t not in ("附件", "附件：", "附件:")]
            title = first_clause(titled[0], 60) if titled else texts[0]
        body = "\n".join(t for t in texts if t)
        fact = Passage(id=stable_id("psg", self.doc.id, " › ".join(path), body[:200]),
                       title=title, text=body, topic=topic,
                       citation=self.citation(path, lines))
        self.add(fact, lines)
        return fact


def passages_for_tree(ctx: ParseContext, node: Node, topic: str | None = None) -> None:
    """Generic prose: a passage per leaf section, per section introduction and per run of
    text at the document's top level; headings of sections that only hold sections are
    recorded as headings."""
    if node.kind == "root":
        if node.body:
            ctx.passage([], node.body, topic=topic)
        for child in node.children:
            passages_for_tree(ctx, child, topic)
        return
    path = node.path()
    own = [node.heading] + node.body if node.heading else list(node.body)
    if not node.children:
        if node.heading and not re.search(r"\w", tidy(node.heading.text)):
            own = node.body or own  # a rule line (---) is no title; its text is
            ctx.heading(node)
        ctx.passage(path, own, topic=topic)
        return
    if node.body:
        ctx.passage(path, own, topic=topic)
    else:
        ctx.heading(node)
    for child in node.children:
        passages_for_tree(ctx, child, topic)
