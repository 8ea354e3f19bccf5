import pytest

from kb.parse.timelimit import parse_time_limit
from kb.facts import TimeUnit

W, D, M, I = TimeUnit.working_day, TimeUnit.day, TimeUnit.minute, TimeUnit.immediate


@pytest.mark.parametrize("raw,value,unit,qualifier,condition", [
    ("1个工作日。", 1, W, None, None),
    ("2.5个工作日", 2.5, W, None, None),
    ("单据齐全后30个工作日", 30, W, "单据齐全后", None),
    ("受理后1个工作日。", 1, W, "受理后", None),
    ("签字后30分钟", 30, M, "签字后", None),
    ("5分钟/票（有问题的除外）", 5, M, None, "有问题的除外"),
    ("90日，特殊情况可延长30日", 90, D, None, "特殊情况可延长30日"),
    ("无异常情况3个工作日", 3, W, None, "无异常情况"),
    ("3个工作日（纳税义务人或其代理人确有正当理由无法提供前款资料的除外）", 3, W, None,
     "纳税义务人或其代理人确有正当理由无法提供前款资料的除外"),
    ("海关自受理申请之日起13个工作日内作出行政许可决定。", 13, W, "自受理申请之日起", None),
    ("即来即办。", None, I, None, None),
    ("工作日内随时办理。", None, I, None, "工作日内"),
    ("三个工作日", 3, W, None, None),
])
def test_single_forms(raw, value, unit, qualifier, condition):
    tl = parse_time_limit([raw])
    assert (tl.kind, tl.value, tl.unit, tl.qualifier, tl.condition) == ("single", value, unit, qualifier, condition)


def test_within_and_per():
    assert parse_time_limit(["20个工作日内。"]).parts[0].within is True
    assert parse_time_limit(["10分钟/证"]).parts[0].per == "证"


def test_lead_time_is_not_the_limit():
    tl = parse_time_limit(["保证金到期日期提前10个工作日对企业进行预警，通知企业及时办理退还手续。并即来即办。"])
    assert tl.unit is I and tl.value is None
    assert "提前10个工作日" in tl.condition


def test_multi_stage():
    tl = parse_time_limit(["主管海关20个工作日报送直属海关；直属海关20个工作日出具批准文件。"])
    assert tl.kind == "multi_stage" and len(tl.parts) == 2
    assert [p.value for p in tl.parts] == [20, 20]
    assert tl.condition is None  # the actor is not a condition


def test_multi_item_keeps_raw_numbering():
    tl = parse_time_limit(["现场确认1个工作日；", "开通辅助系统、2000账册，即来即办。"], numbered=True,
                          raw="1.现场确认1个工作日；2.开通辅助系统、2000账册，即来即办。")
    assert tl.kind == "multi_item"
    assert tl.raw == "1.现场确认1个工作日；2.开通辅助系统、2000账册，即来即办"
    assert [(p.value, p.unit) for p in tl.parts] == [(1, W), (None, I)]


def test_reference_and_same_day_and_empty():
    assert parse_time_limit(["按出证时限（本科室环节）"]).unit is TimeUnit.reference
    assert parse_time_limit(["当日办结。"]).unit is TimeUnit.same_day
    assert parse_time_limit(["", "  "]) is None


@pytest.mark.parametrize("text,value,unit", [
    ("进出口货物申报海关决定查验后即刻办理", None, TimeUnit.immediate),
    ("即时办结", None, TimeUnit.immediate),
    ("自海关接单受理之时起当天办结海关手续", None, TimeUnit.same_day),
    ("自海关受理之日起2 个工作日内办结", 2, TimeUnit.working_day),
    ("应当自受理申请之日起20天内作出决定", 20, TimeUnit.day),
    ("单证齐全、准确的，自海关接单受理之时起1小时内办结海关手续", 1, TimeUnit.hour),
])
def test_forms_of_the_commitment_lists(text, value, unit):
    limit = parse_time_limit([text])
    assert (limit.value, limit.unit) == (value, unit)


def test_sentences_that_each_state_an_amount_are_parts():
    limit = parse_time_limit(["办理注册登记自海关受理之日起3个工作日内办结。进行变更登记，自海关受理之日起2个工作日内办结。"
                              "企业年审，自海关受理之日起3个工作日内办结。"])
    assert limit.kind == "multi_item" and [p.value for p in limit.parts] == [3, 2, 3]
