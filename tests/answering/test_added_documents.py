"""Questions against documents added to the corpus (real statutes and guides of other
offices from tests/data/genre): articles by number, scoped to the document named or the
conversation; services of the new guides by time limit and documents; scope and offices
read from the manifest."""
import shutil
from pathlib import Path

import pytest

from answering.assistant import Assistant
from answering.scope import Scope
from answering.types import Status
from indexer.store import open_index
from kb.build import build_facts, load_manifest
from kb.corpus import add_document
from kb.facts import Provision, Service
from kb.settings import get_settings

DATA = Path(__file__).resolve().parents[1] / "data" / "genre"


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """The Dayaowan corpus plus a statute, two guides in other layouts and a commitment list."""
    corpus = tmp_path_factory.mktemp("corpus")
    for path in get_settings().corpus_dir.iterdir():
        shutil.copy(path, corpus / path.name)
    add_document(DATA / "customs_audit_regulation.txt", corpus, title="中华人民共和国海关稽查条例", issuer="国务院")
    add_document(DATA / "variant_departments_guide.txt", corpus, issuer="××海关")
    add_document(DATA / "variant_one_service_food_export_filing.txt", corpus, issuer="××海关")
    add_document(DATA / "shanghai_customs_commitments.txt", corpus, title="通关服务承诺", issuer="浦江海关")
    facts = build_facts(corpus).facts
    scope = Scope.of(load_manifest(corpus), facts)
    index = open_index(facts, tmp_path_factory.mktemp("index"))
    return Assistant(facts, index, mode="bm25", scope=scope)


def test_an_article_of_the_named_statute(wide):
    answer = wide.ask("稽查条例第十五条是什么")
    assert answer.status == Status.answered and isinstance(answer.main, Provision)
    assert answer.main.number == 15 and answer.main.law == "海关稽查条例"
    assert "《海关稽查条例》第十五条" in answer.answer and "第三章" in answer.answer


def test_a_bare_number_several_documents_have_is_asked_about(wide):
    answer = wide.ask("第十五条讲的什么")
    assert answer.status == Status.clarify
    assert {c.kind for c in answer.candidates} == {"measure", "provision"}


def test_a_bare_number_follows_the_conversation(wide):
    answer = wide.ask("第五条呢", ["海关稽查条例第三条"])
    assert isinstance(answer.main, Provision) and answer.main.number == 5
    assert wide.ask("第五条呢", ["43项惠企措施第3条"]).main.kind == "measure"


def test_measures_keep_their_numbers(wide):
    answer = wide.ask("措施15是什么")
    assert answer.main.kind == "measure" and answer.main.number == 15


def test_a_service_of_another_guide_by_time_limit_and_documents(wide):
    answer = wide.ask("出口食品生产企业备案要多久")
    assert isinstance(answer.main, Service) and answer.main.title == "出口食品生产企业备案"
    assert "5个工作日" in answer.answer and "20个工作日" in answer.answer  # promised and statutory
    answer = wide.ask("税款担保办理需要什么材料")
    assert answer.main.title == "税款担保办理" and "担保申请书" in answer.answer
    assert answer.main.citation.origin == "variant_departments_guide.txt"


def test_a_commitment_lists_service(wide):
    answer = wide.ask("深加工结转手续多长时间办结")
    assert answer.main.title == "办理深加工结转手续" and "2个工作日" in answer.answer


def test_the_scope_comes_from_the_manifest(wide):
    assert "《中华人民共和国海关稽查条例》（34条条文）" in wide.scope.coverage
    refusal = wide.ask("上海海关几点上班")
    assert refusal.status == Status.not_found and "上海海关" in refusal.answer and "大窑湾海关" in refusal.answer
    assert wide.scope.other_office("浦江海关的承诺时限", wide.tokenizer) is None  # an issuer of the corpus


def test_a_document_named_after_the_question_which_settles_it(wide):
    answer = wide.ask("稽查条例那个", ["第十五条讲的什么"])
    assert isinstance(answer.main, Provision) and answer.main.number == 15
