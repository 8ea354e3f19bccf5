"""Markdown answers from facts: every line comes from a fact field, a citation closes each
card. The card of one fact is the fact's own (``fact.card()``); this module composes
them: the lead sentence that answers what was asked, and list answers."""
from __future__ import annotations

from answering.types import Intent
from kb.facts import Fact, Service


def list_card(described: str, facts: list[Fact], evidence: dict[str, str | None] | None = None) -> str:
    """A list answer: one line per fact with what tells them apart (and the source line
    that met the filter, when it is not the title), then the sources."""
    evidence = evidence or {}
    out = [f"符合条件（{described}）的共 **{len(facts)}** 项：", ""]
    for i, f in enumerate(facts, 1):
        out.append(f"{i}. {f.list_line()}")
        if evidence.get(f.id):
            out.append(f"    - 原文：{evidence[f.id]}")
    docs = sorted({(f.citation.title, f.citation.origin) for f in facts})
    out += ["", "> 来源：" + "；".join(f"{t}（{o}）" for t, o in docs) + "。可以继续问其中任一项的时限、材料或流程。"]
    return "\n".join(out)


def lead_sentence(fact: Fact, intent: Intent | None) -> str:
    """What was asked, first: the time limit for a time question, and so on."""
    if not isinstance(fact, Service):
        return ""
    name = f"**{fact.title}**（{fact.department}）"
    if intent == Intent.time_limit:
        return f"{name}的办理时限：**{fact.time_limit_text}**。"
    if intent == Intent.documents:
        docs = "、".join(fact.documents) or fact.documents_raw or "原文未列明"
        return f"{name}所需单据：{docs}。"
    if intent == Intent.department:
        return f"{name}由**{fact.department}**办理。"
    if intent == Intent.checklist:
        return (f"{name}的办事清单：所需单据{len(fact.documents)}项、办理步骤{len(fact.steps)}步，见下；"
                f"可下载 Markdown 或 PDF 打印版（命令行：`kb checklist {fact.title}`）。")
    if intent == Intent.steps:
        return f"{name}的作业流程共{len(fact.steps)}步，见下。"
    return f"{name}的办理说明如下。"
