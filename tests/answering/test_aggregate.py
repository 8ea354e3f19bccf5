"""List questions over fields, on the inline facts: the filters read from the question and
the facts that meet them, with the line that met a word filter."""
import pytest

from answering.aggregate import parse_aggregate
from indexer.tokenize import Tokenizer
from tests.inline_facts import ALL, SERVICES, TASKS

DEPARTMENTS = sorted({s.department for s in SERVICES}, key=len, reverse=True)
UNITS = sorted({u for t in TASKS for u in t.responsible_units}, key=len, reverse=True)


@pytest.fixture(scope="module")
def tokenizer():
    return Tokenizer.from_facts(ALL)


def ask(q, tokenizer):
    query = parse_aggregate(q, DEPARTMENTS, tokenizer, UNITS)
    return query, (query.select(ALL, tokenizer) if query else [])


def test_department_filter(tokenizer):
    query, chosen = ask("查验一处能办哪些业务", tokenizer)
    assert query.kind == "service" and query.department == "查验一处"
    assert [f.title for f in chosen] == ["冷藏货物查验业务", "危险品检验业务"]


def test_time_limit_value_and_unit(tokenizer):
    query, chosen = ask("哪些业务办理时限是3个工作日", tokenizer)
    assert (query.value, query.unit) == (3.0, "working_day")
    assert [f.title for f in chosen] == ["冷藏货物查验业务", "报关单修撤业务"]
    _, chosen = ask("按分钟算时限的业务有哪些", tokenizer)
    assert [f.title for f in chosen] == ["危险品检验业务"]
    _, chosen = ask("哪些业务即时办理", tokenizer)
    assert [f.title for f in chosen] == ["保证金征收业务"]


def test_words_in_the_body_with_the_line_as_evidence(tokenizer):
    query, chosen = ask("哪些业务要三级审批", tokenizer)
    assert set(query.words) == {"三级", "审批"} and [f.title for f in chosen] == ["冷藏货物查验业务"]
    assert query.evidence(chosen[0], tokenizer) == "三级审批后放行"


def test_a_title_match_needs_no_evidence_line(tokenizer):
    query, chosen = ask("哪些业务和保证金有关", tokenizer)
    assert [f.title for f in chosen] == ["保证金征收业务"]
    assert query.evidence(chosen[0], tokenizer) is None


def test_measures_by_category_and_tasks_by_unit(tokenizer):
    query, chosen = ask("提升通关效率这一类措施有哪几条", tokenizer)
    assert query.kind == "measure" and [f.number for f in chosen] == [1, 2]
    query, chosen = ask("海事局负责哪些任务", tokenizer)
    assert query.kind == "plan_task" and query.department == "海事局" and [f.number for f in chosen] == [2]


@pytest.mark.parametrize("q", ["冷藏货物查验要多久", "哪些", "有哪些业务"])
def test_not_a_list_question_or_no_filter(q, tokenizer):
    assert parse_aggregate(q, DEPARTMENTS, tokenizer, UNITS) is None


def test_describe_names_every_filter(tokenizer):
    query, _ = ask("财务二处哪些业务时限是3个工作日", tokenizer)
    assert query.describe() == "财务二处，时限3个工作日"


@pytest.mark.parametrize("q,titles", [
    ("有多少项业务是即来即办的", ["保证金征收业务"]),
    ("时限是3个工作日的业务有几个", ["冷藏货物查验业务", "报关单修撤业务"]),
    ("列一下财务二处的业务", ["保证金征收业务", "报关单修撤业务"]),
])
def test_other_ways_of_asking_for_a_list(q, titles, tokenizer):
    _, chosen = ask(q, tokenizer)
    assert [f.title for f in chosen] == titles


def test_a_plan_unit_as_the_only_one_or_the_lead(bot, facts):
    tasks = [f for f in facts if f.kind == "plan_task"]
    only = bot.ask("哪些任务只由大连海关负责")
    assert sorted(f.number for f in only.facts) == sorted(t.number for t in tasks if t.responsible_units == ["大连海关"])
    lead = bot.ask("大连海关牵头的任务有哪些")
    assert sorted(f.number for f in lead.facts) == sorted(
        t.number for t in tasks if t.responsible_units and "大连海关" in t.responsible_units[0])
    assert len(lead.facts) > len(only.facts) > 1


def test_a_limit_stated_after_shi_is_the_limit_a_service_states_not_a_bound(tokenizer):
    stated, _ = ask("哪些业务的办理时限是20个工作日内", tokenizer)  # 20个工作日内 is how a service states it
    assert stated.value == 20 and stated.compare == "="
    bound, _ = ask("20个工作日内能办完的业务有哪些", tokenizer)
    assert bound.value == 20 and bound.compare == "<="
