"""Run a QA set through an answerer and write the JSON, Markdown and PNG reports.

    >>> items, problems = load_qa(path, facts)
    >>> run = evaluate(items, assistant.ask, facts)
    >>> write_reports(run, Path("build/eval"))
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from answering.types import Answer
from evals.metrics import Verdict, judge, summarize
from evals.qa import QAItem
from kb.facts import Service

AskFn = Callable[[str, list[str]], Answer]


@dataclass
class EvalRun:
    items: list[QAItem]
    answers: list[Answer]
    verdicts: list[Verdict]
    summary: dict
    problems: list[tuple[int, str]]
    label: str = ""


def evaluate(items: list[QAItem], ask: AskFn, facts: list, problems=(), label: str = "",
             progress: Callable[[int, int], None] | None = None) -> EvalRun:
    documents = {f.id: f.documents for f in facts if isinstance(f, Service)}
    answers, verdicts = [], []
    for n, item in enumerate(items, start=1):
        t0 = time.perf_counter()
        answer = ask(item.question, item.history)
        if answer.latency_ms is None:
            answer.latency_ms = (time.perf_counter() - t0) * 1000
        gold_docs = documents.get(item.gold_ids[0]) if item.type == "documents" and item.gold_ids else None
        answers.append(answer)
        verdicts.append(judge(item, answer, gold_docs))
        if progress:
            progress(n, len(items))
    summary = summarize(items, answers, verdicts)
    summary["context_robustness"] = context_robustness(items, answers, ask)
    return EvalRun(items, answers, verdicts, summary, list(problems), label)


def _signature(answer: Answer) -> tuple:
    return (answer.status.value, answer.facts[0].id if answer.facts else None,
            tuple(sorted(c.id for c in answer.candidates)))


def context_robustness(items: list[QAItem], answers: list[Answer], ask: AskFn, step: int = 7) -> dict:
    """Every single-turn question asked again after an unrelated earlier turn (the question
    of another in-scope item with another gold, chosen by a fixed rotation) must get the
    same answer: status, main fact and candidates."""
    single = [(i, a) for i, a in zip(items, answers) if not i.history and i.type != "followup"]
    earlier = [i for i, _ in single if i.type != "out_of_scope" and (i.gold_ids or i.gold_set_ids)]
    if not single or len(earlier) < 2:
        return {"n": 0, "same": 0, "rate": None, "failures": []}
    failures = []
    for n, (item, alone) in enumerate(single):
        rotation = (earlier[(n + step + k) % len(earlier)] for k in range(len(earlier)))
        other = next((e for e in rotation if e.gold_ids != item.gold_ids and e.id != item.id), None)
        if other is None:
            continue
        after = ask(item.question, [other.question])
        if _signature(after) != _signature(alone):
            failures.append({"id": item.id, "question": item.question, "after": other.question,
                             "alone": alone.facts[0].title if alone.facts else alone.status.value,
                             "with_context": after.facts[0].title if after.facts else after.status.value})
    return {"n": len(single), "same": len(single) - len(failures),
            "rate": (len(single) - len(failures)) / len(single), "failures": failures}


def _fmt(x) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def summary_table(summary: dict) -> str:
    """The per-type table and headline metrics, for a terminal or Markdown."""
    rows = ["| type | n | correct | accuracy |", "| --- | ---: | ---: | ---: |"]
    for t, s in summary["per_type"].items():
        rows.append(f"| {t} | {s['n']} | {s['correct']} | {s['accuracy']:.3f} |")
    rows.append(f"| **all** | {summary['n']} | | **{_fmt(summary['accuracy'])}** |")
    r, ref, lat = summary["retrieval"], summary["refusal"], summary["latency_ms"]
    rows += [
        "",
        f"retrieval (n={r['n']}): hit@1 {_fmt(r['hit@1'])} · hit@3 {_fmt(r['hit@3'])} · "
        f"hit@5 {_fmt(r['hit@5'])} · MRR {_fmt(r['mrr'])}",
        f"time-limit exact match (fact right): {_fmt(summary['time_limit_exact_match'])} · "
        f"document recall: {_fmt(summary['document_recall'])}",
        f"refusal precision {_fmt(ref['precision'])} · recall {_fmt(ref['recall'])} · "
        f"in-scope refused {_fmt(ref['in_scope_refused_rate'])} · "
        f"clarification rate (ambiguous) {_fmt(summary['clarification_rate'])}",
        f"latency per question: p50 {_fmt(lat['p50'])} ms · p95 {_fmt(lat['p95'])} ms",
    ]
    ctx = summary.get("context_robustness")
    if ctx and ctx["n"]:
        rows.append(f"context robustness (same answer after an unrelated earlier turn): {_fmt(ctx['rate'])} "
                    f"({ctx['same']} of {ctx['n']})")
    return "\n".join(rows)


def _failures(run: EvalRun) -> list[dict]:
    out = []
    for item, answer, v in zip(run.items, run.answers, run.verdicts):
        if v.correct:
            continue
        got = answer.facts[0].title if answer.facts else ""
        if answer.candidates:
            got = "clarify: " + " / ".join(c.title for c in answer.candidates[:4])
        out.append({"id": item.id, "type": item.type, "question": item.question, "history": item.history,
                    "expected": item.gold or item.gold_set or {"refuse": True},
                    "expect": item.expect, "status": answer.status.value, "got": got,
                    "reasons": v.reasons})
    return out


def _chart(summary: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = list(summary["per_type"])
    acc = [summary["per_type"][t]["accuracy"] for t in types]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(types) + 1.2))
    ax.barh(types, acc, color=["#3a7" if a >= 0.9 else "#d94" if a >= 0.6 else "#c33" for a in acc])
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("accuracy")
    ax.set_title(f"accuracy by question type (overall {summary['accuracy']:.3f}, n={summary['n']})")
    for i, (a, t) in enumerate(zip(acc, types)):
        ax.text(min(a + 0.01, 0.9), i, f"{a:.2f} (n={summary['per_type'][t]['n']})", va="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(run: EvalRun, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "markdown": out / "report.md", "chart": out / "per_type.png"}
    failures = _failures(run)
    data = {"label": run.label, "summary": run.summary, "failures": failures,
            "skipped_lines": [{"line": n, "problem": p} for n, p in run.problems],
            "answers": [{"id": i.id, "status": a.status.value, "intent": a.intent,
                         "facts": [f.id for f in a.facts], "candidates": [c.id for c in a.candidates],
                         "correct": v.correct, "latency_ms": a.latency_ms}
                        for i, a, v in zip(run.items, run.answers, run.verdicts)]}
    paths["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _chart(run.summary, paths["chart"])
    md = [f"# Evaluation report {run.label}".rstrip(), "", summary_table(run.summary), "",
          f"![accuracy by type]({paths['chart'].name})", "", f"## Failures ({len(failures)})", ""]
    for f in failures:
        hist = f" (after: {' / '.join(f['history'])})" if f["history"] else ""
        md.append(f"- **{f['id']}** [{f['type']}] {f['question']}{hist}  \n"
                  f"  expected {json.dumps(f['expected'], ensure_ascii=False)}; got {f['status']} "
                  f"{f['got']} — {'; '.join(f['reasons'])}")
    ctx = run.summary.get("context_robustness") or {}
    if ctx.get("failures"):
        md += ["", f"## Changed by an unrelated earlier turn ({len(ctx['failures'])})", ""]
        md += [f"- **{f['id']}** {f['question']} — alone: {f['alone']}; after “{f['after']}”: {f['with_context']}"
               for f in ctx["failures"]]
    if run.problems:
        md += ["", f"## Skipped lines ({len(run.problems)})", ""]
        md += [f"- line {n}: {p}" for n, p in run.problems]
    paths["markdown"].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths
