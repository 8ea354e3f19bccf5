"""Genre: a statute or regulation in 章/节/条 form — one provision fact per article (条)
with its chapter and section, the paragraphs (款) and items (（一）项) that follow it as
its text; the title and the lines before the first chapter (issuing order, revisions) as
an info fact.

Article headings are recognised at the start of a line only, followed by white space
(ASCII or ideographic), a colon or the end of the line, so "第二条规定的…" or "第一款所列…"
inside an article stay text. Does not handle: articles numbered 第X条之一, annexes
(附件) with their own numbering (read as text of the last article).
"""
from __future__ import annotations

import re

from kb.facts import Info, Provision, stable_id
from kb.parse.clean import Line
from kb.parse.common import ParseContext, first_clause
from kb.parse.genres import register
from kb.parse.numbering import CN_CHARS, to_int
from kb.parse.outline import Node

_NUM = rf"([{CN_CHARS}千]+|\d+)"
CHAPTER = re.compile(rf"^第{_NUM}章(?:[\s\u3000]+(.*))?$")
SECTION = re.compile(rf"^第{_NUM}节(?:[\s\u3000]+(.*))?$")
ARTICLE = re.compile(rf"^第{_NUM}条(?:[\s\u3000:：]+(.*)|$)")


def short_name(title: str) -> str:
    """中华人民共和国海关稽查条例 → 海关稽查条例; 《…》 marks dropped."""
    name = re.sub(r"[《》〈〉]", "", title).strip()
    return re.sub(r"^中华人民共和国|^中華人民共和國", "", name) or name


def parse_statute(ctx: ParseContext, root: Node) -> None:
    law = ctx.doc.short_name or short_name(ctx.doc.title)
    lines = sorted(root.all_lines(), key=lambda l: l.start)
    chapter = section = None
    header: list[Line] = []
    article: list[Line] = []
    path: tuple[str | None, str | None] = (None, None)

    def close() -> None:
        if article:
            _provision(ctx, law, article, *path)
            article.clear()

    for line in lines:
        text = line.text.strip().lstrip("#").strip()
        if CHAPTER.match(text):
            close()
            chapter, section = text, None  # as written: 第一章　总则
            ctx.claim("heading: " + chapter, [line])
        elif SECTION.match(text):
            close()
            section = text
            ctx.claim("heading: " + section, [line])
        elif ARTICLE.match(text):
            close()
            article.append(line)
            path = (chapter, section)
        elif article:
            article.append(line)
        else:
            header.append(line)
    close()
    if header:
        _header_info(ctx, header)


def _provision(ctx: ParseContext, law: str, lines: list[Line], chapter: str | None, section: str | None) -> None:
    m = ARTICLE.match(lines[0].text.strip())
    assert m is not None
    number = to_int(m.group(1))
    body = "\n".join([(m.group(2) or "").strip()] + [l.text.strip() for l in lines[1:]]).strip()
    path = [p for p in (chapter, section) if p] + [f"第{m.group(1)}条"]
    fact = Provision(id=stable_id("art", ctx.doc.id, str(number)), number=number, title=first_clause(body, 40),
                     chapter=chapter, section=section, body=body, law=law, text=body,
                     citation=ctx.citation(path, lines))
    if any(isinstance(f, Provision) and f.number == number for f in ctx.facts):
        ctx.warn(lines[0], f"article {number} appears twice; both kept")
    ctx.add(fact, lines)


def _header_info(ctx: ParseContext, header: list[Line]) -> None:
    """The title line and the issuing and revision lines before the first chapter."""
    texts = [l.text.strip() for l in header]
    fact = Info(id=stable_id("info", ctx.doc.id, "statute"), topic="statute", title=ctx.doc.title,
                text="\n".join(texts), items=texts[1:] if texts[0] == ctx.doc.title else texts,
                citation=ctx.citation([], header))
    ctx.add(fact, header)


def check(facts: list) -> list[str]:
    if not any(isinstance(f, Provision) for f in facts):
        return ["a statute that yielded no article (第X条): check the genre in the manifest"]
    return []


register("statute", parse_statute, check=check)
