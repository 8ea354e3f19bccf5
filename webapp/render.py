"""What the web app shows, as strings: escaped user text, the cited source with its lines
marked, the browse tables and the About page. No Gradio here, so it is tested directly.

Everything a user typed goes through ``html.escape`` before it is shown; Markdown built
from facts is the knowledge base's own text.
"""
from __future__ import annotations

import html
from collections import Counter

from kb.facts import Fact, Measure, PlanTask, Service
from kb.times import local_time
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
        source = html.escape(c.readable(f"{c.origin} 第{c.lines[0]}–{c.lines[1]}行"))
        out.append(f'<details class="kb-measure"><summary><b>{label.format(n=f.number)}</b> {html.escape(f.title)}'
                   f'</summary><p>{html.escape(f.text)}</p>{extra}<p class="kb-cite">{source}</p></details>')
    return "\n".join(out)


KIND_NAMES = {"service": "项业务", "measure": "条措施", "plan_task": "项任务", "provision": "条条文",
              "passage": "段正文", "info": "条基本信息"}


def about_markdown(facts: list[Fact], documents: list, index_manifest: dict, zone: str = "Asia/Shanghai") -> str:
    """The About page for the public: what documents the answers come from (what each holds,
    issuer, date) and how answers are made; the index details last, for maintainers."""
    per_doc: dict[str, Counter[str]] = {}
    for f in facts:
        per_doc.setdefault(f.citation.doc, Counter())[f.kind] += 1
    lines = ["### 回答来自这些公开文件", "", "| 文件 | 发布单位 | 日期 | 内容 |", "| --- | --- | --- | --- |"]
    for d in documents:
        counts = per_doc.get(d.id, Counter())
        holds = "，".join(f"{n}{KIND_NAMES[k]}" for k, n in counts.most_common() if k in KIND_NAMES)
        lines.append(f"| {d.title} | {d.issuer or '—'} | {d.date or '—'} | {holds or '—'} |")
    lines += ["", "回答全部由这些文件的原文组成，每条都注明出处；文件里没有的，会直说“没有找到”并说明缺什么；"
              "几项业务都可能时，会请您选择。办理前请以窗口最新要求为准。", ""]
    parts = index_manifest.get("parts", {})
    details = []
    if "bm25" in parts:
        b = parts["bm25"]
        details.append(f"- 关键词检索（jieba 分词 + 领域词典 + 同义词）：更新于 {local_time(b['built_at'], zone, False)}")
    if "dense" in parts:
        d = parts["dense"]
        details.append(f"- 语义检索（向量模型 {d['encoder'].split(':')[-1]}，{d['dim']} 维）："
                       f"更新于 {local_time(d['built_at'], zone, False)}")
    if details:
        lines += ["<details><summary>技术信息（供维护人员参考）</summary>", "", *details, "", "</details>"]
    return "\n".join(lines)
