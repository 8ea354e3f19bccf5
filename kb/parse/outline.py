"""Build a section tree from numbered lines, whatever the mix of numbering styles.

Nesting is inferred, not assumed: a marker continues the deepest open sequence of its
kind whose last number is one less (二 after 一), a marker kind not yet open nests under
the current node, and a sequence that restarts at 1 below a unit heading (a department
name on its own line) nests under that heading. A line ``附件`` on its own starts a new
part of the document (the attachment), closing everything before it.

Does not handle: numbering that skips (一 then 三 is taken as a new nested list when no
open sequence fits), two different outlines interleaved, headings without any marker
except the unit headings recognised by ``unit_heading``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.parse.clean import Line
from kb.parse.numbering import Marker, parse_number, strip_prefix

PART_BREAK = re.compile(r"^附件\s*[：:]?$")  # the attachment starts here
ATTACHMENT_REF = re.compile(r"^附件\s*[：:]\s*\S")  # "附件：《…》" names an attachment
FOOTER = re.compile(r"^(?:(?:抄送|分送|本关)\s*[：:]|[-—_]{3,}$)")  # distribution, filing


@dataclass
class Node:
    kind: str  # a Marker value, "unit", "part" or "root"
    number: int
    title: str  # heading text without the marker (may hold inline content)
    heading: Line | None  # the heading line itself (None for root)
    body: list[Line] = field(default_factory=list)  # text lines directly under the heading
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The heading as written, for section paths: '四、报关单修撤业务'."""
        return self.heading.text if self.heading else ""

    def path(self) -> list[str]:
        out: list[str] = []
        node: Node | None = self
        while node is not None and node.kind != "root":
            out.append(_tidy_label(node.label))
            node = node.parent
        return out[::-1]

    def span(self) -> tuple[int, int]:
        """First and last original line covered by this node and its descendants."""
        lines = [self.heading] if self.heading else []
        lines += self.body
        start = min((l.start for l in lines), default=None)
        end = max((l.end for l in lines), default=None)
        for child in self.children:
            cs, ce = child.span()
            start = cs if start is None else min(start, cs)
            end = ce if end is None else max(end, ce)
        return (start or 0, end or 0)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_lines(self) -> list[Line]:
        """Heading, body and descendants' lines, in source order."""
        out = ([self.heading] if self.heading else []) + list(self.body)
        for child in self.children:
            out += child.all_lines()
        return sorted(out, key=lambda l: l.start)


def _tidy_label(label: str, limit: int = 24) -> str:
    """A heading for a section path; a long heading that carries its content is cut at
    its first clause."""
    text, _ = strip_prefix(label)
    text = text.rstrip("。.")
    if len(text) > limit:
        text = re.split(r"[，,。；;]", text, maxsplit=1)[0]
    return text


def build_outline(lines: list[Line], unit_heading: re.Pattern[str] | None = None) -> Node:
    """The section tree of ``lines``; ``unit_heading`` matches bare unit-name headings."""
    root = Node("root", 0, "", None)
    stack: list[Node] = [root]

    def push(node: Node, parent: Node) -> None:
        node.parent = parent
        parent.children.append(node)
        del stack[stack.index(parent) + 1:]
        stack.append(node)

    for line in lines:
        text, _ = strip_prefix(line.text)
        if PART_BREAK.match(text) or FOOTER.match(text) or ATTACHMENT_REF.match(text):
            push(Node("part", 0, text, line), root)
            continue
        if unit_heading is not None and unit_heading.match(text):
            units = [n for n in stack if n.kind == "unit"]
            parent = _up(units[-1]) if units else stack[-1]
            push(Node("unit", 0, text, line), parent)
            continue
        numbered = parse_number(line.text)
        if numbered is None:
            stack[-1].body.append(line)
            continue
        node = Node(numbered.marker.value, numbered.number, numbered.rest, line)
        push(node, _parent_for(stack, numbered.marker, numbered.number))
    return root


def _parent_for(stack: list[Node], marker: Marker, number: int) -> Node:
    same = [n for n in stack if n.kind == marker.value]
    for n in reversed(same):
        if n.number == number - 1:
            return _up(n)  # continues this sequence: a sibling
    if not same:
        return stack[-1]
    deepest = same[-1]
    units_below = [n for n in stack[stack.index(deepest) + 1:] if n.kind == "unit"]
    if number == 1 and units_below:
        return units_below[-1]  # numbering restarts under a unit heading
    return _up(deepest)  # a restarted or skipping list at the same level


def _up(node: Node) -> Node:
    """The parent of a node on the stack (every node there but the root has one)."""
    assert node.parent is not None, "the root has no parent"
    return node.parent
