"""What a question asks for, and how it is cleaned — on hand-written questions."""
import pytest

from answering.intent import MEASURE_NO, TASK_NO, WORKING_HOURS, clean_question, detect_intent
from answering.types import Intent


@pytest.mark.parametrize("question,intent", [
    ("这个业务一般要几天", Intent.time_limit),
    ("办理期限是多少", Intent.time_limit),
    ("需要准备哪些资料", Intent.documents),
    ("要带什么证件过去", Intent.documents),
    ("在哪个窗口办理", Intent.department),
    ("这事找谁", Intent.department),
    ("具体流程是怎样的", Intent.steps),
    ("手续怎么操作", Intent.steps),
    ("给我打印一份清单", Intent.checklist),
    ("冷藏货物查验", Intent.lookup),
    ("清关要带啥", Intent.documents), ("这事咋办", Intent.steps), ("归谁管", Intent.department),
    ("多会儿能好", Intent.time_limit),
    ("how long does it take", Intent.time_limit),
])
def test_intent_from_the_words_asked(question, intent):
    assert detect_intent(clean_question(question)) == intent


def test_two_things_asked_the_first_in_order_wins():
    # time limit comes before documents in INTENTS, whatever the order in the question
    assert detect_intent("要带什么材料，多久能办完") == Intent.time_limit


@pytest.mark.parametrize("raw,clean", [
    ("  報關單填錯了？？ ", "报关单填错了"),
    ("ＡＢＣ　查验！", "abc 查验"),
    ("<b>吨税</b>怎么办", "吨税 怎么办"),
    ("查验\u200b要多久\x07", "查验 要多久"),
    ("“保证金”，", "保证金"),
    ("", ""),
])
def test_clean_question(raw, clean):
    assert clean_question(raw) == clean


@pytest.mark.parametrize("text,number", [("第十二条讲什么", "十二"), ("措施（31）", "31"), ("measure no. 7", "7")])
def test_measure_numbers_in_any_form(text, number):
    m = MEASURE_NO.search(text)
    assert m and next(g for g in m.groups() if g) == number


def test_task_numbers_and_hours():
    m = TASK_NO.search("第五项任务是什么")
    assert m and m.group(1) == "五"
    assert TASK_NO.search("任务12") and not TASK_NO.search("这个任务")
    assert WORKING_HOURS.search("周六上班吗") and not WORKING_HOURS.search("报关单怎么改")
