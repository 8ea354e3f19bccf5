"""Each fact kind's own behaviour: the contract view, indexed text, gold matching; the
genre registry."""
import pytest

from kb.facts import FACT_KINDS, FactAdapter
from kb.parse import genres
from tests.inline_facts import MEASURES, SERVICES, TASKS

CONTRACT_KEYS = ["id", "kind", "title", "department", "number", "time_limit", "documents", "steps", "citation"]


@pytest.mark.parametrize("fact", [SERVICES[0], MEASURES[0], TASKS[0]], ids=lambda f: f.kind)
def test_view_has_the_contract_keys_first(fact):
    view = fact.view()
    assert list(view)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert view["citation"] == {"doc": "guide", "origin": "guide.txt", "title": fact.citation.title,
                                "section": fact.citation.section, "lines": list(fact.citation.lines)}
    assert FactAdapter.validate_python(fact.model_dump()) == fact


def test_service_view_fields():
    view = SERVICES[2].view()
    assert (view["department"], view["number"], view["time_limit"]) == ("财务二处", 1, "即来即办")
    assert view["document_groups"][0] == {"name": "征收", "items": ["保证金收据", "情况说明"]}
    assert view["time_limit_norm"]["unit"] == "immediate"


def test_measure_view_and_number_aliases_in_the_indexed_text():
    view = MEASURES[2].view()
    assert (view["number"], view["category"], view["department"], view["time_limit"]) == (3, "二、降低企业成本",
                                                                                        None, None)
    text = MEASURES[2].index_text()
    assert text.count("减免查验费用") == 3 and "第三条" in text and "措施3" in text and "十项措施" in text


def test_service_indexed_text_weighs_title_and_department():
    text = SERVICES[0].index_text()
    assert text.count("冷藏货物查验业务") == 3 and text.count("查验一处") == 2 and "3个工作日" in text


def test_gold_matching():
    assert SERVICES[0].matches_gold({"kind": "service", "department": "查验一处", "title": "冷藏货物查验业务"})
    assert not SERVICES[0].matches_gold({"kind": "service", "department": "财务二处", "title": "冷藏货物查验业务"})
    assert MEASURES[1].matches_gold({"kind": "measure", "number": 2}) and not TASKS[0].matches_gold({"number": 2})


def test_every_kind_is_registered():
    assert set(FACT_KINDS) == {"service", "measure", "plan_task", "provision", "passage", "info"}


def test_genre_registry_names_every_genre_and_reads_options():
    assert set(genres.names()) >= {"procedures", "measures", "plan", "notice", "article", "prose"}
    assert genres.get("procedures").unit_heading is not None
    assert genres.get("article").join_short_runs and not genres.get("notice").join_short_runs
    assert genres.get("no-such-genre") is None and genres.fallback().name == "prose"
