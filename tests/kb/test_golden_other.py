"""Golden expectations for measures, plan tasks and general info, copied from the sources."""
import pytest


def by_number(facts, kind):
    return {f.number: f for f in facts if f.kind == kind}


@pytest.mark.parametrize("number,category_number,category,title", [
    (1, 1, "支持优质农食产品“优进优出”", "推广出口农食产品“批次检验(检疫)”和实施出口大米“跨区直通”"),
    (8, 1, "支持优质农食产品“优进优出”", "实施出口食品生产企业跨部门监管互认"),
    (9, 2, "畅通跨境贸易通道", "实施跨境电商集约便捷通关新模式"),
    (32, 3, "促进能矿产业、制造业高质量发展", "优化“新三样”、危化品检验模式,助力高新技术产业发展"),
    (33, 4, "提升涉企综合服务效能", "提供“一次办理、全国通用”的“预裁定”服务"),
    (43, 4, "提升涉企综合服务效能", "依托“十百千万”常态化服企助企工作机制开展“关企零距离”活动"),
])
def test_measures(facts, number, category_number, category, title):
    m = by_number(facts, "measure")[number]
    assert (m.category_number, m.category, m.title) == (category_number, category, title)
    assert m.body and not m.body.startswith(title)


def test_measure_numbers_and_categories(facts):
    measures = by_number(facts, "measure")
    assert sorted(measures) == list(range(1, 44))
    assert {m.category_number for m in measures.values()} == {1, 2, 3, 4}
    assert measures[29].citation.lines == (65, 65)
    assert "24个月以上延期手续" in measures[29].body


@pytest.mark.parametrize("number,title,section,units", [
    (1, "创新口岸运行机制", "深化改革创新，进一步优化通关全链条全流程", ["市政府口岸办", "联席会议制度各成员单位"]),
    (8, "推进检验检疫监管模式改革", "深化改革创新，进一步优化通关全链条全流程", ["大连海关"]),
    (11, "提高危险货物稽查精准度", "深化改革创新，进一步优化通关全链条全流程", ["大连海事局"]),
    (15, "继续做好免除查验没有问题外贸企业吊装移位仓储费用试点工作", "清理规范收费，进一步降低进出口环节费用",
     ["市政府口岸办", "大连海关", "辽宁港口集团"]),
    (17, "提升口岸基础设施和监管智能化水平", "强化科技赋能，进一步提升口岸综合服务能力",
     ["市政府口岸办", "市交通运输局", "大连海关", "驻连各边防检查站", "辽宁港口集团"]),
    (27, "加强技术性贸易措施研究与服务", "高效利企便民，进一步改善跨境贸易整体服务环境",
     ["大连海关", "市经济合作服务中心", "市商务局"]),
    (30, "深度融入共建“一带一路”，打造对外开放新前沿", "强化口岸交流合作，推动口岸工作再上新台阶",
     ["市商务局", "市政府口岸办", "市发展改革委", "市营商局", "市政府外办", "大连海关", "大连海事局", "辽港集团",
      "辽宁电子口岸有限责任公司"]),
])
def test_plan_tasks(facts, number, title, section, units):
    t = by_number(facts, "plan_task")[number]
    assert (t.title, t.section, t.responsible_units) == (title, section, units)


def test_plan_task_rejoined_across_page_break(facts):
    t = by_number(facts, "plan_task")[3]
    assert t.citation.lines == (65, 67)
    assert "跨境电商进出口零售商品监管便利化水平" in t.body
    assert sorted(by_number(facts, "plan_task")) == list(range(1, 31))


def info(facts, topic):
    found = [f for f in facts if f.kind == "info" and f.topic == topic]
    assert len(found) == 1, topic
    return found[0]


def test_departments(facts):
    d = info(facts, "departments")
    assert len(d.data["departments"]) == 10 and d.data["institutions"] == ["大窑湾海关综合技术服务中心"]
    assert "查检一处" in d.data["without_procedures"] and "查检二处" not in d.data["without_procedures"]
    assert d.data["with_procedures"] == ["综合业务一处", "综合业务二处", "卫生检疫处", "查检二处", "物流监控处", "保税监管处"]


def test_overview_and_hours(facts):
    assert "副厅级隶属海关" in info(facts, "overview").text
    hours = info(facts, "working_hours")
    assert "8:50-11:30" in hours.text and "13:00-16:00" in hours.text
    assert hours.citation.lines == (7, 9)


def test_plan_goals_and_figures(facts):
    goals = info(facts, "plan_goals")
    assert len(goals.items) == 4
    assert any("40 小时以下" in f for f in goals.data["figures"])
    assert any("100%" in f for f in goals.data["figures"])


def test_three_ones_and_document_number(facts):
    assert info(facts, "doc_number").title == "大关监发〔2013〕337号"
    parts = info(facts, "parts")
    assert parts.items == ["一次申报", "一次查验", "一次放行"]
    defs = {f.title: f for f in facts if f.kind == "info" and f.topic == "definition"}
    assert defs["一次查验"].data["also_called"] == "一次开箱，关检依法查验 / 检验检疫"


def test_article_practice_and_effects(facts):
    article = [f for f in facts if f.kind == "passage" and f.citation.origin.startswith("002")]
    titles = {f.title for f in article}
    assert {"主要做法", "解决企业办事难题", "大幅度提升办事效率", "提高海关监管效能", "下一步"} <= titles
    effect = next(f for f in article if f.title == "大幅度提升办事效率")
    assert "缩短到最快2-3分钟即可完成" in effect.text
    assert all("热点排行" not in f.text and "热门推荐" not in f.text for f in article)
