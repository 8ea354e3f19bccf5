"""What the web app shows, as strings: escaped user text, the cited source with its lines
marked, the browse tables and the About page. No Gradio here, so it is tested directly.

Everything a user typed goes through ``html.escape`` before it is shown; Markdown built
from facts is the knowledge base's own text.
"""
from __future__ import annotations

import html
from collections import Counter

from kb.facts import Fact, Measure, PlanTask, Service
from kb.sources import cited_lines

CONTEXT_LINES = 3
UNIT_LABELS = {"working_day": "工作日", "day": "天", "hour": "小时", "minute": "分钟", "immediate": "即时办理",
               "same_day": "当日办结", "reference": "按其他时限", "none": "未列明"}


def user_text(text: str) -> str:
    """A user's words, safe inside Markdown or HTML: escaped, with Markdown's own
    characters neutralised so a question cannot inject links, images or headings."""
    escaped = html.escape(text)
    for ch in "\\`*_[]()#!|>~":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def source_html(fact: Fact) -> str:
    """The cited lines of a fact's source file, numbered, with the cited range marked."""
    c = fact.citation
    rows = cited_lines(c, context=CONTEXT_LINES)
    if not rows:
        return f"<p>原文文件 {html.escape(c.origin)} 不可读。</p>"
    out = [f'<div class="kb-source"><div class="kb-source-head">{html.escape(c.title)} › '
           f'{html.escape(c.section or "正文")} · {html.escape(c.origin)} 第{c.lines[0]}–{c.lines[1]}行</div><pre>']
    for n, text in rows:
        if not text.strip():
            continue  # the sources are double-spaced: blank lines carry nothing
        cited = c.lines[0] <= n <= c.lines[1]
        line = f'<span class="kb-ln">{n:>4}</span> {html.escape(text)}'
        out.append(f'<mark class="kb-cited">{line}</mark>' if cited else f'<span class="kb-ctx">{line}</span>')
    return out[0] + "".join(out[1:]) + "</pre></div>"  # lines are blocks: no newlines inside <pre>


def service_rows(services: list[Service]) -> list[list]:
    return [[s.department, s.number, s.title, s.time_limit_text, unit_of(s), len(s.documents)] for s in services]


SERVICE_HEADERS = ["处室", "序号", "业务", "办理时限", "时限单位", "单据数"]


def unit_of(service: Service) -> str:
    unit = service.time_limit.unit.value if service.time_limit and service.time_limit.unit else "none"
    return UNIT_LABELS.get(unit, unit)


def limit_values(services: list[Service]) -> list[str]:
    """The distinct time-limit numbers, as a browse filter offers them (1, 2.5, 3 …)."""
    values = {c.value for s in services if s.time_limit for c in s.time_limit.clauses()
              if c.value is not None}
    return [f"{v:g}" for v in sorted(values)]


def filter_services(services: list[Service], department: str, unit: str, text: str,
                    value: float | None) -> list[Service]:
    """Services matching every filter set ('全部' and blanks mean no filter)."""
    out = services
    if department and department != "全部":
        out = [s for s in out if s.department == department]
    if unit and unit != "全部":
        out = [s for s in out if unit_of(s) == unit]
    if value is not None:
        out = [s for s in out if s.limit_matches(value)]
    words = (text or "").strip()
    if words:
        from indexer.tokenize import normalize

        needle = normalize(words)
        out = [s for s in out if needle in normalize(s.title + s.department + s.text)]
    return out


def numbered_html(facts: list[Measure] | list[PlanTask], label: str) -> str:
    """Measures or plan tasks by their section, each expandable to its full text and its
    own source line (``label`` numbers them: 第{n}条, 任务{n}). Escaped throughout."""
    out, section = [], None
    for f in sorted(facts, key=lambda f: f.number):
        heading = getattr(f, "category", None) or getattr(f, "section", None)
        if heading != section:
            section = heading
            out.append(f"<h4>{html.escape(section or '')}</h4>")
        c = f.citation
        units = getattr(f, "responsible_units", None)
        extra = f"<p><b>责任单位</b>：{html.escape('、'.join(units))}</p>" if units else ""
        out.append(f'<details class="kb-measure"><summary><b>{label.format(n=f.number)}</b> {html.escape(f.title)}'
                   f'</summary><p>{html.escape(f.text)}</p>{extra}<p class="kb-cite">来源：《{html.escape(c.title)}》›'
                   f' {html.escape(c.section or "正文")}（{html.escape(c.origin)} 第{c.lines[0]}–{c.lines[1]}行）</p>'
                   "</details>")
    return "\n".join(out)


def about_markdown(facts: list[Fact], documents: list, index_manifest: dict) -> str:
    per_doc = Counter(f.citation.doc for f in facts)
    lines = ["### 收录文件", "", "| 文件 | 发布单位 | 日期 | 事实条数 |", "| --- | --- | --- | ---: |"]
    for d in documents:
        lines.append(f"| {d.title} | {d.issuer or '—'} | {d.date or '—'} | {per_doc.get(d.id, 0)} |")
    kinds = Counter(f.kind for f in facts)
    lines += ["", "共 " + "，".join(f"{k} {v} 条" for k, v in sorted(kinds.items())) + "。", "", "### 索引", ""]
    parts = index_manifest.get("parts", {})
    if "dense" in parts:
        d = parts["dense"]
        lines.append(f"- 向量编码器：`{d['encoder']}`（{d['dim']} 维），建立于 {d['built_at']}，用时 {d['build_seconds']} 秒")
    if "bm25" in parts:
        b = parts["bm25"]
        lines.append(f"- BM25（jieba 分词 + 领域词典）：建立于 {b['built_at']}，用时 {b['build_seconds']} 秒")
    lines += ["", "回答全部由知识库原文组成，每条都注明出处；没有依据的问题会直说“没有找到”。"]
    return "\n".join(lines)
