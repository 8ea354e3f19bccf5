"""Each intent and status on hand-written questions (none of them from the QA sets)."""
import pytest

from answering.types import Status
from tests.answering.conftest import candidate_titles, titles


@pytest.mark.parametrize("question,intent,title,lead", [
    ("报关单填错了想改，要多久", "time_limit", "报关单修撤业务", "3个工作日"),
    ("舱单变更需要准备啥材料", "documents", "舱单变更业务", "所需单据"),
    ("船舶物料供应的操作步骤", "steps", "船舶物料供应业务", "作业流程"),
    ("机检图像分析归哪个部门管", "department", "机检图像分析", "由**物流监控处**办理"),
    ("吨税执照办事清单", "checklist", "船舶吨税执照业务", "kb checklist"),
])
def test_service_intents_lead_with_what_was_asked(bot, question, intent, title, lead):
    answer = bot.ask(question)
    assert answer.status == Status.answered, answer.answer
    assert answer.intent == intent and titles(answer)[0] == title
    first_paragraph = answer.answer.split("\n\n")[0]
    assert lead in first_paragraph, first_paragraph
    assert "> 来源：" in answer.answer and "000_908f02d79280c5dd.txt" in answer.answer


def test_time_limit_is_quoted_as_written_with_its_qualifier(bot):
    answer = bot.ask("非政策性退税多长时间")
    assert titles(answer) == ["非政策性退税业务"]
    assert "单据齐全后30个工作日" in answer.answer.split("\n\n")[0]


@pytest.mark.parametrize("question,kind,number", [
    ("惠企措施第八条", "measure", 8), ("措施（二十）讲了什么", "measure", 20),
    ("measure no. 41", "measure", 41), ("实施方案任务3是什么", "plan_task", 3), ("第二十项任务", "plan_task", 20),
])
def test_numbered_facts(bot, question, kind, number):
    answer = bot.ask(question)
    assert answer.status == Status.answered
    assert (answer.facts[0].kind, answer.facts[0].view()["number"]) == (kind, number)


@pytest.mark.parametrize("question,topic_text", [
    ("你们几点开门", "8:50"), ("大窑湾海关下设哪些部门", "人事政工处"), ("大窑湾海关的简介", "副厅级"),
    ("三个一的通知文号", "337号"), ("一次申报是指什么", "一次录入、分别申报"),
])
def test_general_information(bot, question, topic_text):
    answer = bot.ask(question)
    assert answer.status == Status.answered and answer.facts[0].kind == "info"
    assert topic_text in answer.answer


@pytest.mark.parametrize("question,expected", [
    ("综合业务二处都管什么", 11),
    ("哪些业务办理时限是3个工作日", None),
    ("按分钟计时的业务有哪些", 4),
    ("需要三级审批的都有啥", 7),
    ("方案中强化科技赋能有哪几项任务", None),
])
def test_list_questions_answer_from_fields(bot, facts, question, expected):
    answer = bot.ask(question)
    assert answer.status == Status.answered and answer.intent == "aggregate"
    if expected is not None:
        assert len(answer.facts) == expected
    if "3个工作日" in question:
        wanted = {f.title for f in facts if f.kind == "service" and f.time_limit
                  and any(p.value == 3 and p.unit == "working_day" for p in (f.time_limit.parts or [f.time_limit]))}
        assert set(titles(answer)) == wanted and len(wanted) >= 3
    for fact in answer.facts:
        assert fact.title in answer.answer


def test_list_answer_quotes_the_line_that_met_the_filter(bot):
    answer = bot.ask("哪些业务走二级审批")
    assert answer.answer.count("原文：") == len(answer.facts) and "二级审批" in answer.answer


@pytest.mark.parametrize("question,expected", [
    ("审单业务的时限", {"审单业务"}),  # the same title in two departments
    ("保证金怎么办理", None),
    ("危险品要准备什么资料", {"进出口危险品查验流程", "进出口危险品检验流程"}),
])
def test_clarify_lists_the_candidates(bot, question, expected):
    answer = bot.ask(question)
    assert answer.status == Status.clarify, (answer.status, titles(answer))
    assert answer.facts == [] and len(answer.candidates) >= 2
    if expected:
        assert expected <= set(candidate_titles(answer))
    assert "哪一项" in answer.answer


def test_naming_one_title_exactly_does_not_clarify(bot):
    answer = bot.ask("政策性退税业务需要什么单据")
    assert answer.status == Status.answered and titles(answer) == ["政策性退税业务"]


@pytest.mark.parametrize("question", [
    "驾驶证到期怎么换", "个人所得税专项附加扣除", "广州海关几点下班", "帮我算一下这个月的工资",
    "青岛港口的船期表", "asdfgh qwerty",
])
def test_refusals_are_plain_and_say_what_is_covered(bot, question):
    answer = bot.ask(question)
    assert answer.status == Status.not_found, (question, titles(answer))
    assert answer.facts == [] and "本知识库收录" in answer.answer


def test_followup_chain(bot):
    history = ["进口车查验要带什么材料"]
    first = bot.ask(history[0])
    assert titles(first) == ["进口机动车辆查验流程"] and first.intent == "documents"
    second = bot.ask("那要多久", history)
    assert titles(second) == ["进口机动车辆查验流程"] and second.intent == "time_limit"
    history.append("那要多久")
    third = bot.ask("检验呢", history)
    assert titles(third) == ["进口机动车辆检验流程"] and third.intent == "time_limit"
    history.append("检验呢")
    fourth = bot.ask("在哪个处室办", history)
    assert titles(fourth) == ["进口机动车辆检验流程"] and "查检二处" in fourth.answer.split("\n\n")[0]


def test_followup_picks_a_department_after_a_clarification(bot):
    history = ["审单业务的时限"]
    assert bot.ask(history[0]).status == Status.clarify
    answer = bot.ask("综合业务一处的", history)
    assert answer.status == Status.answered and answer.facts[0].view()["department"] == "综合业务一处"


def test_followup_moves_through_numbers(bot):
    answer = bot.ask("上一条", ["第十条措施"])
    assert (answer.facts[0].kind, answer.facts[0].view()["number"]) == ("measure", 9)
    answer = bot.ask("第8项呢", ["方案任务7"])
    assert (answer.facts[0].kind, answer.facts[0].view()["number"]) == ("plan_task", 8)


@pytest.mark.parametrize("question", ["報關單修撤要多久", "  报关单修撤 ， 要多久？？ ", "ＨＰ２０１５ 报关单修撤 时限"])
def test_traditional_full_width_and_stray_punctuation(bot, question):
    answer = bot.ask(question)
    assert titles(answer) == ["报关单修撤业务"] and answer.intent == "time_limit"


@pytest.mark.parametrize("question", ["", "   ", "？？？", "\x00\x01"])
def test_empty_questions_get_a_prompt(bot, question):
    answer = bot.ask(question)
    assert answer.status == Status.not_found and "请输入" in answer.answer


def test_too_long_question_is_refused_with_a_message(bot):
    answer = bot.ask("报关单" * 300)
    assert answer.status == Status.not_found and "问题过长" in answer.answer


def test_answer_is_the_contract(bot):
    data = bot.ask("报关单修撤要多久").contract()
    assert {"question", "status", "intent", "answer", "facts", "candidates"} <= set(data)
    fact = data["facts"][0]
    assert fact["time_limit"] == "3个工作日" and fact["department"] == "综合业务一处" and fact["number"] == 4
    assert set(fact["citation"]) == {"doc", "origin", "title", "section", "lines"}


def test_a_followup_naming_an_unknown_thing_is_a_new_question(bot):
    history = ["报关单修撤要多久"]
    assert bot.ask("护照怎么换", history).status == Status.not_found
    kept = bot.ask("那得几天才能弄好", history)
    assert titles(kept) == ["报关单修撤业务"] and kept.intent == "time_limit"


def test_plan_tasks_listed_by_responsible_unit(bot, facts):
    answer = bot.ask("大连海事局负责哪些任务")
    wanted = sorted(f.number for f in facts if f.kind == "plan_task" and "大连海事局" in f.responsible_units)
    assert answer.intent == "aggregate" and [f.view()["number"] for f in answer.facts] == wanted and len(wanted) >= 5


@pytest.mark.slow
def test_english_is_read_through_the_glossary_or_else_judged_by_the_encoder(facts, tmp_path_factory):
    from answering.assistant import Assistant
    from indexer.store import open_index

    hybrid = Assistant(facts, open_index(facts, tmp_path_factory.mktemp("idx"), dense_now=True), "hybrid")
    read = hybrid.ask("What documents are needed to correct a customs declaration?")
    assert titles(read) == ["报关单修撤业务"] and "read as" in read.answer
    # a word the glossary lacks (grandpa): the encoder alone; if it is not sure, a refusal naming
    # the word, with what the known words lead to as a suggestion
    answer = hybrid.ask("human remains entry declaration for grandpa")
    assert not answer.answer.startswith("*按中文理解为")
    if answer.status == Status.not_found:
        assert "words not understood）：grandpa" in answer.answer and not answer.facts
        assert "- 出入境尸体骸骨申报查验业务（卫生检疫处）" in answer.answer
    else:
        assert answer.status == Status.answered and titles(answer) == ["出入境尸体骸骨申报查验业务"]


def test_earlier_turns_are_bounded_like_questions(bot):
    from kb.settings import get_settings

    limit, keep = get_settings().max_question_chars, get_settings().max_history
    # an earlier turn over the question limit was refused as a question: it gives no topic
    long = bot.ask("那要带什么材料", ["吨税执照要多久" + "。" * limit])
    assert not long.facts or long.facts[0].title != "船舶吨税执照业务"
    assert bot.ask("那要带什么材料", ["吨税执照要多久"]).facts[0].title == "船舶吨税执照业务"
    # only the last max_history turns are read
    old = bot.ask("那要带什么材料", ["吨税执照要多久"] + ["你好"] * keep)
    assert not old.facts or old.facts[0].title != "船舶吨税执照业务"
