"""Metrics on hand-made answers: right, wrong fact, refusals, a clarification, an aggregate."""
import dataclasses

import pytest

from answering.types import Answer, Status
from evals.metrics import judge, percentile, summarize
from evals.qa import parse_item


def svc(facts, dept, title):
    return next(f for f in facts if f.kind == "service" and f.department == dept and f.title == title)


def item(facts, line, **obj):
    it, err = parse_item(obj, line, facts)
    assert err is None, err
    return it


@pytest.fixture()
def case(facts):
    fix = svc(facts, "综合业务一处", "报关单修撤业务")
    ton = svc(facts, "卫生检疫处", "船舶吨税执照业务")
    audit1 = svc(facts, "综合业务一处", "审单业务")
    audit2 = svc(facts, "保税监管处", "审单业务")
    minutes = [f for f in facts if f.kind == "service" and f.time_limit and f.time_limit.unit == "minute"]
    items = [
        item(facts, 1, id="a", question="报关单填错了要多久", type="time_limit",
             gold={"kind": "service", "department": "综合业务一处", "title": "报关单修撤业务"},
             expect={"time_limit_contains": ["3个工作日"]}),
        item(facts, 2, id="b", question="吨税要带什么", type="documents",
             gold={"kind": "service", "department": "卫生检疫处", "title": "船舶吨税执照业务"},
             expect={"documents_contains": ["船舶吨税执照申请书"]}),
        item(facts, 3, id="c", question="护照怎么换", type="out_of_scope", gold=None, expect={"refuse": True}),
        item(facts, 4, id="d", question="审单业务", type="ambiguous", gold=None,
             gold_set=[{"kind": "service", "department": "综合业务一处", "title": "审单业务"},
                       {"kind": "service", "department": "保税监管处", "title": "审单业务"}]),
        item(facts, 5, id="e", question="按分钟算时限的业务", type="aggregate", gold=None,
             gold_set=[{"kind": "service", "department": f.department, "title": f.title} for f in minutes]),
        item(facts, 6, id="f", question="报关单修撤要哪些材料", type="documents",
             gold={"kind": "service", "department": "综合业务一处", "title": "报关单修撤业务"},
             expect={"documents_contains": ["修撤情况说明"]}),
    ]
    answers = [
        # right: status, fact and substring
        Answer(question="", status=Status.answered, answer="办理时限：**3 个工作日**", facts=[fix],
               retrieved=[fix.id, ton.id], latency_ms=10),
        # wrong fact ranked second; substring present does not save it
        Answer(question="", status=Status.answered, answer="船舶吨税执照申请书", facts=[fix],
               retrieved=[fix.id, ton.id], latency_ms=20),
        # correct refusal
        Answer(question="", status=Status.not_found, answer="没有找到", latency_ms=30),
        # clarification offering both
        Answer(question="", status=Status.clarify, answer="请问是哪一项？",
               candidates=[audit1, audit2], latency_ms=40),
        # aggregate with the exact set
        Answer(question="", status=Status.answered, answer="、".join(f.title for f in minutes),
               facts=list(minutes), latency_ms=50),
        # in-scope question wrongly refused
        Answer(question="", status=Status.not_found, answer="没有找到", retrieved=[ton.id, fix.id], latency_ms=60),
    ]
    return items, answers, fix


def test_verdicts(case, facts):
    items, answers, fix = case
    verdicts = [judge(i, a) for i, a in zip(items, answers)]
    assert [v.correct for v in verdicts] == [True, False, True, True, True, False]
    assert verdicts[1].status_ok and not verdicts[1].fact_ok and verdicts[1].rank == 2
    assert verdicts[5].reasons[0] == "status not_found, expected answered" and verdicts[5].rank == 2
    v = judge(items[5], answers[5], gold_documents=fix.documents)
    assert v.doc_recall == 0.0


def test_summary_numbers(case):
    items, answers, _ = case
    s = summarize(items, answers, [judge(i, a) for i, a in zip(items, answers)])
    assert s["n"] == 6 and s["accuracy"] == pytest.approx(4 / 6)
    assert s["per_type"]["documents"] == {"n": 2, "correct": 0, "accuracy": 0.0}
    assert s["per_type"]["time_limit"]["accuracy"] == 1.0
    r = s["retrieval"]  # gold ranks over single-gold items a, b, f: 1, 2, 2
    assert r["n"] == 3 and r["hit@1"] == pytest.approx(1 / 3) and r["hit@3"] == 1.0
    assert r["mrr"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert s["refusal"] == {"precision": 0.5, "recall": 1.0, "in_scope_refused_rate": 0.2}
    assert s["clarification_rate"] == 1.0
    assert s["time_limit_exact_match"] == 1.0
    assert s["latency_ms"] == {"p50": 35.0, "p95": pytest.approx(57.5)}


def test_aggregate_with_an_extra_fact_is_wrong(case, facts):
    items, answers, fix = case
    wrong = dataclasses.replace(answers[4], facts=answers[4].facts + [fix])
    v = judge(items[4], wrong)
    assert not v.correct and "1 extra" in v.reasons[0]


def test_percentile():
    assert percentile([], 0.5) is None
    assert percentile([5], 0.95) == 5
    assert percentile([1, 2, 3, 4], 0.5) == 2.5


def test_context_robustness_counts_answers_an_earlier_turn_changed(facts):
    from evals.runner import context_robustness

    items = [parse_item({"id": f"c{i}", "question": q, "type": "time_limit",
                         "gold": {"kind": "service", "department": d, "title": t}}, i, facts)[0]
             for i, (q, d, t) in enumerate([("改单要多久", "综合业务一处", "报关单修撤业务"),
                                            ("吨税要多久", "卫生检疫处", "船舶吨税执照业务"),
                                            ("审价要多久", "综合业务一处", "审价业务")])]
    fixed = {i.question: Answer(question=i.question, status=Status.answered, answer="",
                                facts=[f for f in facts if f.id == i.gold_ids[0]]) for i in items}
    steady = context_robustness(items, [fixed[i.question] for i in items], lambda q, h: fixed[q])
    assert (steady["rate"], steady["n"]) == (1.0, 3)
    swayed = context_robustness(items, [fixed[i.question] for i in items],
                                lambda q, h: fixed[h[0]] if h else fixed[q])
    assert swayed["rate"] == 0.0 and len(swayed["failures"]) == 3
