"""Answer only what is grounded: attributes a fact does not state, things no fact mentions,
and a conversation that never hijacks a complete question — on hand-written questions."""
from pathlib import Path

import pytest

from answering.lexicon import Lexicon
from answering.types import Status
from kb.lexicon import LexiconError
from tests.answering.conftest import titles


@pytest.mark.parametrize("question,missing", [
    ("船舶吨税执照办理收费吗", "收费标准"),
    ("报关单修撤业务的咨询电话是多少", "联系电话"),
    ("审价业务一般罚款多少", "处罚"),
    ("许可证核销在几号窗口办", "办理地点"),
    ("报关单证档案查阅申请单的模板在哪下载", "表格模板"),
    ("申请海关监管作业场所对场地面积有什么最低要求", "申请条件"),
])
def test_an_attribute_the_fact_does_not_state_is_refused_by_name(bot, question, missing):
    answer = bot.ask(question)
    assert answer.status == Status.not_found and answer.facts == []
    first = answer.answer.split("\n")[0]
    assert "原文没有公布" in first and missing in first
    assert "相近的内容" in answer.answer  # offered as suggestions, never as the answer


@pytest.mark.parametrize("question", ["进口咖啡豆的关税怎么算", "入境带两条香烟要申报吗", "宠物狗入境要打什么疫苗"])
def test_a_thing_no_document_mentions_is_not_answered(bot, question):
    assert bot.ask(question).status == Status.not_found


def test_a_colloquial_or_misspelt_question_is_still_answered(bot):
    assert bot.ask("冷冻产品差验要多久").status != Status.not_found  # 差验 is 查验 with one character wrong
    assert bot.ask("外轮登临查验当天能做吗").status == Status.answered  # 登临 anchors it


@pytest.mark.parametrize("earlier", ["报关单修撤要多久", "第十二条是什么", "卫生检疫处能办哪些业务"])
def test_a_complete_question_ignores_an_unrelated_earlier_turn(bot, earlier):
    alone = bot.ask("吨税执照多久能办好")
    after = bot.ask("吨税执照多久能办好", [earlier])
    assert (after.status, titles(after)) == (alone.status, titles(alone))
    assert "接上一问" not in after.answer


def test_a_turn_that_refers_back_says_it_used_the_conversation(bot):
    answer = bot.ask("那要带什么材料", ["吨税执照多久能办好"])
    assert titles(answer) == ["船舶吨税执照业务"] and answer.intent == "documents"
    lead, note = answer.answer.split("\n\n")[:2]
    assert "所需单据" in lead and note == "*接上一问：船舶吨税执照业务*"


@pytest.mark.parametrize("reply,department", [("第二个", 1), ("第1个", 0), ("保税监管处那个", None)])
def test_a_clarification_is_settled_by_place_or_department(bot, reply, department):
    asked = bot.ask("审单业务的时限")
    assert asked.status == Status.clarify
    answer = bot.ask(reply, ["审单业务的时限"])
    expected = asked.candidates[department].department if department is not None else "保税监管处"
    assert answer.status == Status.answered and answer.main.department == expected


def test_a_bad_lexicon_names_its_file_and_line(tmp_path):
    good = (Path(__file__).resolve().parents[2] / "answering" / "lexicon.toml").read_text(encoding="utf-8")
    bad = tmp_path / "lexicon.toml"
    bad.write_text(good.replace("documents = ['材料", "documents = ['(材料", 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lexicon.toml:\d+: intents"):
        Lexicon.load(bad)


def test_a_deposit_refund_asks_between_the_departments_that_cover_it(bot):
    answer = bot.ask("押金退回来要办什么手续")
    assert answer.status == Status.clarify
    assert {(c.department, c.title) for c in answer.candidates} >= {("保税监管处", "保证金退还业务"),
                                                                   ("综合业务一处", "保金保函业务")}
    picked = bot.ask("综合业务一处那个", ["押金退回来要办什么手续"])
    assert picked.main.title == "保金保函业务" and "保金保函退转" in picked.answer


def test_attribute_words_in_english_are_whole_words(bot):
    from answering.lexicon import LEXICON

    assert LEXICON.asked_attribute("what is the vat rate on laptops").label.startswith("税率")
    assert LEXICON.asked_attribute("separate declarations") is None  # "rate" inside a word is no ask


def test_specific_terms_the_fact_does_not_ground_are_named_and_everyday_words_are_not(bot):
    price = next(f for f in bot.services if f.title == "审价业务")
    strict = bot.words.settings.model_copy(update={"specific_word_freq": 1000})
    words = type(bot.words)(bot.index, bot.by_id, strict, bot.own_names)
    assert "运费" in words.specific_ungrounded("完税价格含不含运费", price.id)
    assert words.specific_ungrounded("我们公司的审价业务要多久", price.id) == []  # 公司: everyday word


def test_strict_grounding_is_opt_in_and_refuses_a_weakly_grounded_question(facts, shared_index):
    from answering.assistant import Assistant
    from kb.settings import Settings

    question = "完税价格里面要不要算上海运运费和保险费"
    default = Assistant(facts, shared_index, mode="bm25", settings=Settings(specific_word_freq=0))
    strict = Assistant(facts, shared_index, mode="bm25", settings=Settings(specific_word_freq=1000))
    assert "没有关于“运费" not in default.ask(question).answer  # off by default (it costs in-scope answers)
    refused = strict.ask(question)
    assert refused.status == Status.not_found and "运费" in refused.answer.split("\n")[0]


def test_evidence_for_a_validity_is_a_period_not_the_word_alone():
    from answering.lexicon import LEXICON

    validity = LEXICON.attributes["validity"]

    class Stub:  # a fact stand-in: the check reads only index_text()
        def __init__(self, text):
            self.text = text

        def index_text(self):
            return self.text

    assert validity.stated_by(Stub("证书有效期为2年，期满前申请延续"))
    assert not validity.stated_by(Stub("许可证在有效期内方可核销"))


def test_a_translation_or_writing_request_is_not_taken_for_a_question(bot):
    for request in ("把提单翻译成日语", "帮我写一封给海关的情况说明"):
        answer = bot.ask(request)
        assert answer.status == Status.not_found and "不编写内容" in answer.answer


def test_a_comparison_of_two_services_shows_both_and_one_the_source_never_makes_is_refused(bot):
    both = bot.ask("进口转关和出口转关有啥不同")
    assert both.status == Status.answered and both.answer.startswith("原文没有对这几项作比较")
    assert {f.title for f in both.facts} == {"进口转关作业", "出口转关作业流程"}
    concept = bot.ask("保税和免税有什么区别")
    assert concept.status == Status.not_found and "比较说明" in concept.answer.split("\n")[0]


def test_a_word_that_asks_for_an_attribute_asks_nothing_inside_a_phrase_listed_as_not_asking():
    from answering.lexicon import LEXICON

    assert LEXICON.asked_attribute("海关打电话让我们配合统计核查，这个是哪个处室负责的") is None
    assert LEXICON.asked_attribute("统计核查的咨询电话是多少").label.startswith("联系电话")


def test_no_words_are_no_coverage(bot):
    # a question of question words only (多久能办好) has no content words: nothing is grounded, nothing fails
    fact_id = bot.services[0].id
    assert bot.words.coverage(bot.words.content_words("多久能办好"), fact_id) == 0.0


def test_how_long_one_may_still_apply_is_not_how_long_the_office_takes(bot):
    from answering.lexicon import LEXICON

    window = LEXICON.asked_attribute("先交了税的，多久之内还能补办减免税")
    assert window is not None and window.label == "可申请的期限"
    m30 = next(f for f in bot.facts if f.kind == "measure" and f.number == 30)
    assert window.stated_by(m30)  # 自缴纳税款之日起1年内申请补办
    assert LEXICON.asked_attribute("报关单修撤多久之内能办完", "time_limit").label == "办理时间"


def test_a_lead_time_is_not_a_processing_time(bot):
    from answering.lexicon import LEXICON

    m33 = next(f for f in bot.facts if f.kind == "measure" and f.number == 33)  # 预裁定: 货物进出口3个月前申请
    duration = LEXICON.asked_attribute("预裁定交上去以后海关多少天能出结果", "time_limit")
    assert duration.label == "办理时间" and not duration.stated_by(m33)  # 3个月前 is no processing time
    advance = LEXICON.asked_attribute("预裁定要提前多久申请", "time_limit")
    assert advance.label == "需提前的时间" and advance.stated_by(m33)
