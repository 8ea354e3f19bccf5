"""Golden expectations for services chosen to cover every quirk of the procedures genre.
Values are copied by hand from the source document, not from parser output."""
import pytest

from kb.facts import TimeUnit

W, D, M = TimeUnit.working_day, TimeUnit.day, TimeUnit.minute
IMM, SAME, REF = TimeUnit.immediate, TimeUnit.same_day, TimeUnit.reference

GOLDEN = [
    # (department, title, number, lines, time_limit raw, (value, unit, qualifier, kind), steps count,
    #  first/last documents, extra checks)
    dict(dept="综合业务一处", title="审单业务", number=1, lines=(15, 27), tl="1个工作日", norm=(1, W, None, "single"),
         steps=["企业申报", "现场接单关员审单", "放行"], docs_first="货物报关单", docs_last="海关要求的其他相关材料", n_docs=3),
    dict(dept="综合业务一处", title="保金保函业务", number=2, lines=(29, 71), tl="1个工作日", norm=(1, W, None, "single"),
         steps=["企业申请", "海关履行征收、退转或延期三级审批", "办理"],
         groups={"保金保函征收": 5, "保金保函延期": 5, "保金保函退转": 5},
         docs_first="保证函（担保单位/经营单位/收货单位（需有单位印章））", docs_last="其他退转保金保函单据", n_docs=15),
    dict(dept="综合业务一处", title="审价业务", number=3, lines=(73, 89), tl="3个工作日（纳税义务人或其代理人确有正当理由无法提供前款资料的除外）",
         norm=(3, W, None, "single"), condition="纳税义务人或其代理人确有正当理由无法提供前款资料的除外",
         steps=["海关对价格进行质疑", "企业提供价格资料", "履行价格质疑和磋商程序或报送价格咨询", "审定完税价格"], n_docs=4),
    dict(dept="综合业务一处", title="报关单修撤业务", number=4, lines=(91, 107), tl="3个工作日", norm=(3, W, None, "single"),
         docs_first="修撤情况说明", docs_last="海关需要提供的其他材料等", n_docs=2, n_steps=3),
    dict(dept="综合业务一处", title="非政策性退税业务", number=5, lines=(109, 140), tl="单据齐全后30个工作日",
         norm=(30, W, "单据齐全后", "single"), n_docs=9, docs_first="X X海关退税申请书",
         note="上述涉及单据中第1-4项为审批时必交单据，其他单据根据实际退税情况要求提供。"),
    dict(dept="综合业务一处", title="税单补签发", number=7, lines=(167, 181), tl="5个工作日", norm=(5, W, None, "single"),
         docs_first="补制税单申请", n_docs=1, n_steps=4),
    dict(dept="综合业务一处", title="统计业务核查", number=8, lines=(183, 213), tl=None, n_steps=9, n_docs=3,
         docs_last="发票、合同、箱单等随附单据", note="（以上单据均需加盖企业印章）。"),
    dict(dept="综合业务二处", title="收单、分单业务", number=3, lines=(298, 310), tl="5分钟/票（有问题的除外）",
         norm=(5, M, None, "single"), condition="有问题的除外", per="票", docs_first="纸质档案", n_docs=1),
    dict(dept="综合业务二处", title="证单签发业务", number=6, lines=(336, 346), tl="签字后30分钟", norm=(30, M, "签字后", "single")),
    dict(dept="综合业务二处", title="电子底账签发业务", number=7, lines=(348, 356), tl="即到即签", norm=(None, IMM, None, "single"),
         n_docs=0, documents_raw="无", n_steps=1),
    dict(dept="综合业务二处", title="证书更改、丢失补发业务", number=9, lines=(368, 388), tl="按出证时限（本科室环节）",
         norm=(None, REF, None, "single")),
    dict(dept="综合业务二处", title="异常处置业务", number=10, lines=(390, 436), norm=(5, W, "立案后", "single"),
         groups={"案件线索移交材料（移交部门签章）": 7, "“两简”案件办理所需材料（当事人签章，可扫描二维码下载材料清单和格式）": 6}, n_docs=13),
    dict(dept="综合业务二处", title="退运业务", number=11, lines=(438, 456), tl="受理后1个工作日", norm=(1, W, "受理后", "single"),
         docs_first="退运情况说明", docs_last="海关需要提供的其他材料等", n_docs=3),
    dict(dept="卫生检疫处", title="船舶吨税执照业务", number=2, lines=(480, 500), tl="工作日内随时办理", norm=(None, IMM, None, "single"),
         docs_first="《中华人民共和国船舶吨税执照》", n_docs=3, n_steps=4),
    dict(dept="卫生检疫处", title="口岸卫生行政许可办理", number=8, lines=(606, 620),
         tl="海关自受理申请之日起13个工作日内作出行政许可决定", norm=(13, W, "自受理申请之日起", "single"), n_steps=4),
    dict(dept="卫生检疫处", title="进出境运输工具单据审核、登临查验业务", number=9, lines=(622, 648),
         tl="1.单据审核工作随到随办；2.登临查验客观条件许可情况下当日办理", norm=(None, IMM, None, "multi_item"), n_docs=5),
    dict(dept="查检二处", title="进口机动车辆检验流程", number=2, lines=(672, 691), tl="2.5个工作日", norm=(2.5, W, None, "single")),
    dict(dept="物流监控处", title="舱单变更业务", number=4, lines=(850, 864), tl="无异常情况3个工作日",
         norm=(3, W, None, "single"), condition="无异常情况", n_docs=2),
    dict(dept="物流监控处", title="海关监管货物仓储审批", number=8, lines=(937, 959), tl="20个工作日内", norm=(20, W, None, "single"),
         within=True, n_docs=4),
    dict(dept="保税监管处", title="查检业务", number=1, lines=(986, 1002),
         tl="1.查验结果未见异常，1个工作日完成；2.查验发现异常，按程序转后续处置", norm=(1, W, None, "multi_item"),
         docs_first="海关要求核验的材料", n_docs=1),
    dict(dept="保税监管处", title="保证金退还业务", number=3, lines=(1024, 1040), norm=(None, IMM, None, "single"),
         docs_first="企业退还保证金情况说明", docs_last="原保证金征收情况说明复印件等", n_docs=5),
    dict(dept="保税监管处", title="设立区外保税仓库及出口监管仓库业务", number=5, lines=(1064, 1079),
         tl="主管海关20个工作日报送直属海关；直属海关20个工作日出具批准文件", norm=(20, W, None, "multi_stage"), n_docs=2),
    dict(dept="保税监管处", title="园区内新增企业备案流程", number=6, lines=(1081, 1103),
         tl="1.现场确认1个工作日；2.开通辅助系统、2000账册，即来即办", norm=(1, W, None, "multi_item"), n_docs=3),
    dict(dept="保税监管处", title="一般认证企业认证工作", number=7, lines=(1105, 1117), tl="90日，特殊情况可延长30日",
         norm=(90, D, None, "single"), condition="特殊情况可延长30日", docs_first="《适用认证企业管理申请书》", n_docs=1),
    dict(dept="保税监管处", title="审单业务", number=8, lines=(1119, 1135), tl="当日办结", norm=(None, SAME, None, "single"), n_docs=2),
    dict(dept="保税监管处", title="保证金业务", number=9, lines=(1137, 1149), tl="3个工作日", norm=(3, W, None, "single"),
         docs_first="保证金审批表", docs_last="情况说明", n_docs=3),
]


@pytest.mark.parametrize("g", GOLDEN, ids=[f"{g['dept']}-{g['title']}" for g in GOLDEN])
def test_service_golden(services, g):
    s = services[(g["dept"], g["title"])]
    assert s.number == g["number"]
    assert s.citation.lines == g["lines"]
    assert s.citation.section.endswith(f"{g['dept']} › " + s.citation.section.split(" › ")[-1])
    if "tl" in g:
        assert (s.time_limit.raw if s.time_limit else None) == g["tl"]
    if "norm" in g:
        value, unit, qualifier, kind = g["norm"]
        assert (s.time_limit.value, s.time_limit.unit, s.time_limit.qualifier, s.time_limit.kind) == (value, unit, qualifier, kind)
    if "condition" in g:
        assert s.time_limit.condition == g["condition"]
    if "per" in g:
        assert s.time_limit.parts[0].per == g["per"]
    if "within" in g:
        assert s.time_limit.parts[0].within is g["within"]
    if "steps" in g:
        assert s.steps == g["steps"]
    if "n_steps" in g:
        assert len(s.steps) == g["n_steps"]
    if "n_docs" in g:
        assert len(s.documents) == g["n_docs"]
    if "docs_first" in g:
        assert s.documents[0] == g["docs_first"]
    if "docs_last" in g:
        assert s.documents[-1] == g["docs_last"]
    if "groups" in g:
        assert {grp.name: len(grp.items) for grp in s.document_groups} == g["groups"]
    if "documents_raw" in g:
        assert s.documents_raw == g["documents_raw"]
    if "note" in g:
        assert g["note"] in s.notes


def test_service_counts_per_department(services):
    counts = {}
    for dept, _ in services:
        counts[dept] = counts.get(dept, 0) + 1
    assert counts == {"综合业务一处": 10, "综合业务二处": 11, "卫生检疫处": 9, "查检二处": 6, "物流监控处": 9, "保税监管处": 10}


def test_duplicate_titles_are_distinct_services(facts):
    same = [f for f in facts if f.kind == "service" and f.title == "审单业务"]
    assert {f.department for f in same} == {"综合业务一处", "保税监管处"}
    assert len({f.id for f in same}) == 2


def test_steps_and_documents_have_no_numbering_or_trailing_punctuation(services):
    for s in services.values():
        for text in s.steps + s.documents:
            assert not text.endswith(("；", "。", ";")), (s.title, text)
            assert not text[:2].rstrip(".、").isdigit(), (s.title, text)
