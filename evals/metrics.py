"""Score answers against a QA set, with the rule of the design notes.

An answer is right when its status fits the type (answered; clarify for ambiguous;
not_found for out_of_scope), its first fact (for aggregate: its fact set; for ambiguous:
its candidates) matches the gold, and every expected substring is in the answer text.
Substrings are compared with white space removed on both sides.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from answering.types import Answer, Status
from evals.qa import QAItem


def _squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class Verdict:
    correct: bool
    status_ok: bool
    fact_ok: bool
    expect_ok: bool
    reasons: list[str] = field(default_factory=list)
    rank: int | None = None  # 1-based rank of the gold in the retrieved list
    doc_recall: float | None = None


def expected_status(item: QAItem) -> Status:
    if item.type == "out_of_scope":
        return Status.not_found
    if item.type == "ambiguous":
        return Status.clarify
    return Status.answered


def _gold_rank(item: QAItem, answer: Answer) -> int | None:
    ranked = answer.retrieved or [f.id for f in answer.facts + answer.candidates]
    gold = set(item.gold_ids)
    for i, fid in enumerate(ranked, start=1):
        if fid in gold:
            return i
    return None


def judge(item: QAItem, answer: Answer, gold_documents: list[str] | None = None) -> Verdict:
    """``gold_documents``: the gold service's documents, for document-list recall."""
    reasons = []
    want = expected_status(item)
    status_ok = answer.status == want
    if not status_ok:
        reasons.append(f"status {answer.status.value}, expected {want.value}")
    first = answer.facts[0].id if answer.facts else None
    if item.type == "out_of_scope":
        fact_ok = True
    elif item.type == "aggregate":
        got = {f.id for f in answer.facts}
        want_ids = {ids[0] for ids in item.gold_set_ids}
        fact_ok = got == want_ids
        if not fact_ok:
            reasons.append(f"fact set: {len(got & want_ids)} of {len(want_ids)} right, {len(got - want_ids)} extra")
    elif item.type == "ambiguous":
        got = {f.id for f in answer.candidates}
        hits = sum(1 for ids in item.gold_set_ids if got & set(ids))
        fact_ok = hits >= min(2, len(item.gold_set_ids))
        if not fact_ok:
            reasons.append(f"candidates include {hits} of {len(item.gold_set_ids)} expected")
    else:
        fact_ok = first in item.gold_ids
        if not fact_ok:
            reasons.append(f"first fact {first} is not the gold")
    text = _squash(answer.answer)
    missing = [s for key, subs in item.expect.items() if key != "refuse" for s in subs
               if _squash(s) not in text]
    expect_ok = not missing
    if missing:
        reasons.append("missing: " + "、".join(missing))
    recall = None
    if gold_documents:
        recall = sum(1 for d in gold_documents if _squash(d) in text) / len(gold_documents)
    rank = _gold_rank(item, answer) if item.gold_ids else None
    return Verdict(status_ok and fact_ok and expect_ok, status_ok, fact_ok, expect_ok, reasons, rank, recall)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _ratio(num: float, den: int) -> float | None:
    return num / den if den else None


def summarize(items: list[QAItem], answers: list[Answer], verdicts: list[Verdict]) -> dict:
    """All metrics of the evaluation report, as plain numbers (None where undefined)."""
    per_type: dict[str, dict] = {}
    for item, v in zip(items, verdicts):
        t = per_type.setdefault(item.type, {"n": 0, "correct": 0})
        t["n"] += 1
        t["correct"] += v.correct
    for t in per_type.values():
        t["accuracy"] = t["correct"] / t["n"]
    single = [(i, v) for i, v in zip(items, verdicts) if i.gold_ids and i.type not in ("aggregate", "ambiguous")]
    ranks = [v.rank for _, v in single]
    tl = [(i, a, v) for i, a, v in zip(items, answers, verdicts) if "time_limit_contains" in i.expect and v.fact_ok]
    tl_exact = [all(_squash(s) in _squash(a.answer) for s in i.expect["time_limit_contains"]) for i, a, _ in tl]
    refused = [a.status == Status.not_found for a in answers]
    oos = [i.type == "out_of_scope" for i in items]
    tp = sum(1 for r, o in zip(refused, oos) if r and o)
    in_scope_refused = sum(1 for r, o in zip(refused, oos) if r and not o)
    ambiguous = [a for i, a in zip(items, answers) if i.type == "ambiguous"]
    latencies = [a.latency_ms for a in answers if a.latency_ms is not None]
    recalls = [v.doc_recall for v in verdicts if v.doc_recall is not None]
    return {
        "n": len(items),
        "accuracy": _ratio(sum(v.correct for v in verdicts), len(items)),
        "per_type": dict(sorted(per_type.items())),
        "retrieval": {
            "n": len(single),
            "hit@1": _ratio(sum(1 for r in ranks if r is not None and r <= 1), len(ranks)),
            "hit@3": _ratio(sum(1 for r in ranks if r is not None and r <= 3), len(ranks)),
            "hit@5": _ratio(sum(1 for r in ranks if r is not None and r <= 5), len(ranks)),
            "mrr": _ratio(sum(1 / r for r in ranks if r), len(ranks)),
        },
        "time_limit_exact_match": _ratio(sum(tl_exact), len(tl_exact)),
        "document_recall": _ratio(sum(recalls), len(recalls)) if recalls else None,
        "refusal": {
            "precision": _ratio(tp, sum(refused)),
            "recall": _ratio(tp, sum(oos)),
            "in_scope_refused_rate": _ratio(in_scope_refused, len(items) - sum(oos)),
        },
        "clarification_rate": _ratio(sum(1 for a in ambiguous if a.status == Status.clarify), len(ambiguous)),
        "latency_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95)},
    }
