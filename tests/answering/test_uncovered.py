"""Topics the knowledge base does not cover (answering/uncovered.toml + the office's own file):
loading, the office's additions, errors naming file and line, and — with the real encoder —
refusals that name the topic while questions the documents answer are still answered."""
from pathlib import Path

import pytest

from answering.types import Status
from answering.uncovered import Uncovered
from kb.lexicon import LexiconError


def test_the_office_adds_topics_of_its_own(tmp_path: Path):
    base = Uncovered.load()
    assert "关税税率" in base.names and len(base.names) >= 20
    (tmp_path / "uncovered.toml").write_text('[topics]\n"港口引航" = "船舶进出港引航怎么申请"\n', encoding="utf-8")
    merged = Uncovered.load(tmp_path)
    assert "港口引航" in merged.names and set(base.names) <= set(merged.names)


def test_a_bad_office_file_names_its_file_and_line(tmp_path: Path):
    (tmp_path / "uncovered.toml").write_text('[topics]\n"港口引航" = ["not", "a", "string"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"uncovered\.toml:2"):
        Uncovered.load(tmp_path)


@pytest.fixture(scope="module")
def hybrid(facts, tmp_path_factory):
    from answering.assistant import Assistant
    from indexer.store import open_index

    return Assistant(facts, open_index(facts, tmp_path_factory.mktemp("idx"), dense_now=True), "hybrid")


@pytest.mark.slow
@pytest.mark.parametrize("question,topic", [
    ("出国旅游回来，行李里的东西超过多少钱要交税", "旅客携带物品免税额度"),
    ("想查一下进口红酒的HS编码", "商品归类和编码"),
])
def test_a_question_about_an_uncovered_topic_is_refused_by_name(hybrid, question, topic):
    answer = hybrid.ask(question)
    assert answer.status == Status.not_found
    assert answer.answer.startswith(f"这个问题是关于“{topic}”的")


@pytest.mark.slow
@pytest.mark.parametrize("question", ["保证金退还要多久", "进口车查验要带什么材料", "口岸卫生许可要几天"])
def test_questions_the_documents_answer_are_not_taken_for_uncovered_topics(hybrid, question):
    assert "这个问题是关于" not in hybrid.ask(question).answer


@pytest.mark.slow
def test_the_margin_setting_turns_it_off(facts, hybrid):
    from answering.assistant import Assistant
    from kb.settings import Settings

    question = "出国旅游回来，行李里的东西超过多少钱要交税"
    assert hybrid.ask(question).status == Status.not_found
    off = Assistant(facts, hybrid.index, "hybrid", settings=Settings(uncovered_margin=1))
    assert "这个问题是关于" not in off.ask(question).answer
