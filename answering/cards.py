"""Markdown cards for facts: every line comes from a fact field, and a citation closes it."""
from __future__ import annotations

from kb.schema import Measure, PlanTask, Service


def citation_line(fact) -> str:
    c = fact.citation
    return f"> 来源：{c.title} › {c.section or '正文'}（{c.origin} 第{c.lines[0]}–{c.lines[1]}行）"


def time_limit_text(service: Service) -> str:
    return service.time_limit.raw if service.time_limit else "原文未列明办理时限"


def service_card(s: Service) -> str:
    out = [f"#### {s.title} · {s.department}", "", f"**办理时限**：{time_limit_text(s)}", ""]
    if s.steps:
        out += ["**作业流程**："] + [f"{i}. {step}" for i, step in enumerate(s.steps, 1)] + [""]
    out.append("**所需单据**：" + ("" if s.documents or not s.documents_raw else s.documents_raw))
    if s.document_groups:
        for g in s.document_groups:
            out.append(f"- {g.name}：")
            out += [f"    - {d}" for d in g.items]
    else:
        out += [f"- {d}" for d in s.documents]
    if s.notes:
        out += ["", "**说明**：" + " ".join(s.notes)]
    return "\n".join(out + ["", citation_line(s)])


def fact_card(fact) -> str:
    if isinstance(fact, Service):
        return service_card(fact)
    if isinstance(fact, Measure):
        body = [f"#### 第{fact.number}条 {fact.title}", f"*{fact.category}*", "", fact.body]
    elif isinstance(fact, PlanTask):
        body = [f"#### 任务{fact.number}. {fact.title}", f"*{fact.section}*", "", fact.body, "",
                "**责任单位**：" + "、".join(fact.responsible_units)]
    else:
        body = [f"#### {fact.title}", "", fact.text]
    return "\n".join(body + ["", citation_line(fact)])


def list_card(described: str, facts: list, evidence: dict[str, str] | None = None) -> str:
    """A list answer: one line per fact with what tells them apart (and the source line
    that met the filter, when it is not the title), then the sources."""
    evidence = evidence or {}
    out = [f"符合条件（{described}）的共 **{len(facts)}** 项：", ""]
    for i, f in enumerate(facts, 1):
        if isinstance(f, Service):
            out.append(f"{i}. **{f.title}** · {f.department} · 办理时限：{time_limit_text(f)}")
        elif isinstance(f, Measure):
            out.append(f"{i}. 第{f.number}条 **{f.title}**")
        elif isinstance(f, PlanTask):
            out.append(f"{i}. 任务{f.number}. **{f.title}**（{'、'.join(f.responsible_units)}）")
        else:
            out.append(f"{i}. **{f.title}**")
        if evidence.get(f.id):
            out.append(f"    - 原文：{evidence[f.id]}")
    docs = sorted({(f.citation.title, f.citation.origin) for f in facts})
    out += ["", "> 来源：" + "；".join(f"{t}（{o}）" for t, o in docs) + "。可以继续问其中任一项的时限、材料或流程。"]
    return "\n".join(out)


def lead_sentence(fact, intent: str) -> str:
    """What was asked, first: the time limit for a time question, and so on."""
    if not isinstance(fact, Service):
        return ""
    name = f"**{fact.title}**（{fact.department}）"
    if intent == "time_limit":
        return f"{name}的办理时限：**{time_limit_text(fact)}**。"
    if intent == "documents":
        docs = "、".join(fact.documents) or fact.documents_raw or "原文未列明"
        return f"{name}所需单据：{docs}。"
    if intent == "department":
        return f"{name}由**{fact.department}**办理。"
    if intent == "checklist":
        return (f"{name}的办事清单：所需单据{len(fact.documents)}项、办理步骤{len(fact.steps)}步，见下；"
                f"可下载 Markdown 或 PDF 打印版（命令行：`kb checklist {fact.title}`）。")
    if intent == "steps":
        return f"{name}的作业流程共{len(fact.steps)}步，见下。"
    return f"{name}的办理说明如下。"
