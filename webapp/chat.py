"""The chat's messages, as Gradio's message dicts: each answer is self-contained — its text
with a readable source footnote, its own choices, suggested follow-ups and checklist
requests as buttons (message ``options``), and the cited lines in a collapsed message of
their own. No Gradio import here, so it is tested directly.

Option values say what a click does: ``ask:<question>`` asks it, ``pick:<n>:<fact id>``
settles answer n's clarification. An answer about services links its checklist
(webapp.routes makes it when the link is clicked).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from answering.lexicon import LEXICON
from answering.types import Answer, Intent, Status
from kb.facts import Fact, Measure, PlanTask, Service
from kb.facts.base import readable_source
from kb.sources import cited_lines

MAX_CHOICES = 6
MAX_SERVICES = 12  # services on one checklist
_CITATION = re.compile(r"^> 来源：(?P<title>.+?) › (?P<section>.+?)（(?P<origin>[^（）]+?) 第(?P<a>\d+)–(?P<b>\d+)行）$",
                       re.M)
# follow-ups a service answer suggests, by what was not asked yet (label, question)
SERVICE_FOLLOW_UPS = [(Intent.time_limit, "要多久？"), (Intent.documents, "要带什么材料？"),
                      (Intent.steps, "流程是什么？"), (Intent.department, "在哪个处室办？")]
WELCOME = ("您好！这里可以查询{name}公开的办事规定：办理时限、所需材料、流程和办理处室，"
           "以及收录文件中的措施和条文。每个回答都来自公开原文并注明出处；知识库里没有的，会直接告诉您。\n\n"
           "可以直接用自己的话提问，或点一个例子：")


@dataclass(frozen=True)
class DocInfo:
    """What a reader needs to know of a source document: its name, issuer and date."""
    title: str
    issuer: str | None = None
    date: str | None = None


def welcome(name: str, examples: list[str]) -> dict[str, Any]:
    return {"role": "assistant", "content": WELCOME.format(name=name),
            "options": [{"label": q, "value": f"ask:{q}"} for q in examples[:6]]}


def readable(markdown: str, docs: dict[str, DocInfo]) -> str:
    """The answer's citation lines as a reader wants them: the document's name, the item
    and its issuer and date (file names and line numbers stay in the source view)."""
    def footnote(m: re.Match) -> str:
        doc = docs.get(m["origin"])
        return "> " + readable_source(doc.title if doc else m["title"], m["section"],
                                      (doc.issuer, doc.date) if doc else ())
    return _CITATION.sub(footnote, markdown)


def answer_messages(answer: Answer, number: int, docs: dict[str, DocInfo], pdf: bool = True,
                    titles: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The messages of answer ``number`` of the conversation: the answer itself, then its
    cited source lines, collapsed; the buttons under the last of them."""
    content = readable(answer.answer, docs)
    services = [f.id for f in answer.facts if isinstance(f, Service)][:MAX_SERVICES]
    if answer.status == Status.answered and services:
        kinds = ([("打印版 PDF", "pdf")] if pdf else []) + [("Markdown", "md")]
        content += "\n\n📄 办事清单：" + " · ".join(f"[{label}]({checklist_link(services, fmt)})" for label, fmt in kinds)
    out: list[dict[str, Any]] = [{"role": "assistant", "content": content}]
    if answer.status == Status.answered and answer.main is not None:
        source = source_markdown(answer.main)
        if source:
            c = answer.main.citation
            out.append({"role": "assistant", "content": source,
                        "metadata": {"title": f"查看原文（{c.origin} 第{c.lines[0]}–{c.lines[1]}行）", "status": "done"}})
    out[-1]["options"] = options(answer, number, titles)  # the chat shows the buttons of its last message
    return out


def options(answer: Answer, number: int, titles: frozenset[str] = frozenset()) -> list[dict]:
    """The buttons under an answer: the services to choose from (a clarification), else
    suggested follow-ups."""
    if answer.status == Status.clarify:
        return [{"label": f"{i}. {choice_label(c)}", "value": f"pick:{number}:{c.id}"}
                for i, c in enumerate(answer.candidates[:MAX_CHOICES], 1)]
    if answer.status != Status.answered or answer.main is None:
        return []
    return [{"label": q, "value": f"ask:{q}"} for q in follow_ups(answer, titles)]


def follow_ups(answer: Answer, titles: frozenset[str] = frozenset()) -> list[str]:
    """2–4 questions that naturally come next, from the fact answered: what a service
    answer did not give yet, and the other side when a service of it exists (``titles``:
    出口的呢？ after 进口机动车辆查验流程); the next or previous measure or task."""
    main = answer.main
    if isinstance(main, Service):
        asked = answer.intent or Intent.lookup
        shown = [q for intent, q in SERVICE_FOLLOW_UPS if intent != asked]
        if asked in (Intent.lookup, Intent.checklist):  # the whole card was shown
            shown = [q for intent, q in SERVICE_FOLLOW_UPS if intent == Intent.department]
        other = next((b for a, b in LEXICON.contrast + [(b, a) for a, b in LEXICON.contrast]
                      if a in main.title and b not in main.title and main.title.replace(a, b) in titles), None)
        return shown[:3] + ([f"{other}的呢？"] if other else [])
    if isinstance(main, (Measure, PlanTask)):
        return ["下一条是什么？", "上一条是什么？"]
    return []


def checklist_link(ids: list[str], fmt: str) -> str:
    """Where the checklist of these services is made when clicked (webapp.routes)."""
    return f"/checklist?ids={','.join(ids)}&format={fmt}"


def choice_label(fact: Fact) -> str:
    return f"{fact.title}（{getattr(fact, 'department', None) or fact.citation.title}）"


def source_markdown(fact: Fact, context: int = 1) -> str:
    """The cited lines of the fact's source, numbered, the cited ones in bold."""
    c = fact.citation
    rows = [(n, text.strip()) for n, text in cited_lines(c, context=context) if text.strip()]
    if not rows:
        return ""
    lines = []
    for n, text in rows:
        cited = c.lines[0] <= n <= c.lines[1]
        safe = text.replace("*", "\\*").replace("_", "\\_")
        lines.append(f"`{n:>4}` **{safe}**" if cited else f"`{n:>4}` {safe}")
    return "  \n".join(lines)


def plain_text(markdown: str) -> str:
    """An answer as plain text for pasting into WeChat or e-mail: no Markdown marks."""
    text = re.sub(r"^#{1,6}\s*", "", markdown, flags=re.M)
    text = re.sub(r"^>\s?", "", text, flags=re.M)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\\)\*(.+?)\*", r"\1", text)
    text = re.sub(r"^(\s*)[-*] \[ \] ", r"\1□ ", text, flags=re.M)
    text = re.sub(r"^(\s*)[-*] ", r"\1· ", text, flags=re.M)
    text = text.replace("\\*", "*").replace("\\_", "_")
    return re.sub(r"\n{3,}", "\n\n", text).strip()
