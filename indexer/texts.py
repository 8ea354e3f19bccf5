"""What a fact is indexed by: the text BM25 tokenises and the text the encoder embeds.

Besides a fact's own words, its number is written the ways people ask for it (第12条,
第十二条, 措施12; 任务16, 第十六项任务) and an info fact carries the words people use
for its topic (工作时间 for the opening hours, 文号 for a document number), since the
source states such facts without naming them.
"""
from __future__ import annotations

from kb.parse.numbering import int_to_cn

TITLE_WEIGHT = 3
TOPIC_WORDS = {
    "overview": "概况 简介 基本情况 职能 职责 管辖范围",
    "working_hours": "工作时间 办公时间 上班时间 下班 几点 周一至周五",
    "departments": "内设机构 处室 部门 科室 有哪些处",
    "doc_number": "文号 发文字号 文件编号",
    "definition": "定义 含义 是什么意思 指的是",
    "parts": "三个一 包括哪些 哪三个 具体作业方式",
    "plan_goals": "主要目标 目标 指标",
}


def number_aliases(fact) -> str:
    n = getattr(fact, "number", None)
    if not n or fact.kind not in ("measure", "plan_task"):
        return ""
    cn = int_to_cn(n) if n < 100 else str(n)
    if fact.kind == "measure":
        return f"第{n}条 第{cn}条 措施{n} 第{n}项措施"
    return f"任务{n} 第{n}项任务 第{cn}项任务"


def about(fact) -> str:
    """Words naming what the fact is, not in its text: number forms, topic words, document."""
    parts = [number_aliases(fact)]
    if fact.kind == "info":
        parts.append(TOPIC_WORDS.get(fact.topic, ""))
    if fact.kind != "service":
        parts.append(fact.citation.title)
    return " ".join(p for p in parts if p)


def bm25_text(fact) -> str:
    """The text BM25 indexes; title and department repeated so that they weigh more."""
    parts = [fact.title] * TITLE_WEIGHT
    if fact.kind == "service":
        parts += [fact.department] * 2 + fact.steps + fact.documents + fact.notes
        if fact.time_limit:
            parts.append(fact.time_limit.raw)
    elif fact.kind == "measure":
        parts += [fact.category, fact.body]
    elif fact.kind == "plan_task":
        parts += [fact.section, fact.body, "、".join(fact.responsible_units)]
    else:
        parts.append(fact.text)
    parts.append(about(fact))
    return "\n".join(p for p in parts if p)


def dense_text(fact) -> str:
    """What a fact's vector encodes: its title, department, topic words, the start of its text."""
    head = [fact.title]
    if getattr(fact, "department", None):
        head.append(fact.department)
    if fact.kind == "info":
        head.append(TOPIC_WORDS.get(fact.topic, ""))
    return " ".join(h for h in head if h) + "\n" + fact.text[:400]
