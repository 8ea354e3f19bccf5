"""The procedures parser on another office's guide, written here: mixed half- and
full-width numbering, markdown headings, a department with no services, a service with
no time limit."""
from kb.build import parse_document
from kb.parse.common import DocMeta
from kb.facts import TimeUnit

OTHER_OFFICE = """\
# 金州海关办事指南
## 一、概况
金州海关内设3个正处级机构：综合业务科、查验科、办公室，1个所属事业单位：技术中心。
## 二、办公时间
周一至周五 9:00-17:00。
## 三、业务办理流程
综合业务科
一、加工贸易手册设立。
(一)作业流程：企业申请—审核—设立。
(二)办理时限：受理后5个工作日。
(三)所需材料：
1、设立申请表；
2、加工合同。
二、减免税审核确认
（一）作业流程：
（1）企业网上申报；
（2）海关审核。
（二）办理时限：10个工作日内
（三）所需单据：减免税申请表、合同、发票。
查验科
1. 样品查验
（一）作业流程：预约—查验。
（二）所需单据：无。
一、集装箱查验。
(一)作业流程：
1.接受预约；
2.实施查验。
(二)办理时限：即到即办。
(三)所需单据：
1.查验通知：
(1)查验通知单；
(2)报关单。
"""


def parse(text: str, genre: str = "procedures"):
    meta = DocMeta(id="jz", title="金州海关办事指南", origin="jz.txt", genre=genre)
    return parse_document(meta, text.encode("utf-8"))


def test_services_from_another_office():
    doc = parse(OTHER_OFFICE)
    services = {(f.department, f.title): f for f in doc.facts if f.kind == "service"}
    assert set(services) == {("综合业务科", "加工贸易手册设立"), ("综合业务科", "减免税审核确认"),
                             ("查验科", "集装箱查验")}
    a = services[("综合业务科", "加工贸易手册设立")]
    assert a.steps == ["企业申请", "审核", "设立"]
    assert (a.time_limit.value, a.time_limit.unit, a.time_limit.qualifier) == (5, TimeUnit.working_day, "受理后")
    assert a.documents == ["设立申请表", "加工合同"]
    assert a.citation.lines == (8, 13)
    b = services[("综合业务科", "减免税审核确认")]
    assert b.steps == ["企业网上申报", "海关审核"]
    assert b.time_limit.parts[0].within and b.time_limit.value == 10
    assert b.documents == ["减免税申请表", "合同", "发票"]
    c = services[("查验科", "集装箱查验")]
    assert c.number == 1 and c.time_limit.unit is TimeUnit.immediate
    assert [(g.name, g.items) for g in c.document_groups] == [("查验通知", ["查验通知单", "报关单"])]


def test_other_office_general_info_and_warnings():
    doc = parse(OTHER_OFFICE)
    topics = {f.topic: f for f in doc.facts if f.kind == "info"}
    assert "9:00-17:00" in topics["working_hours"].text
    deps = topics["departments"].data
    assert deps["departments"] == ["综合业务科", "查验科", "办公室"]
    assert deps["without_procedures"] == ["办公室"]
    # "1. 样品查验" uses the wrong numbering for a service: warned with file and line, still kept
    assert any(w.startswith("jz.txt:21:") and "numbering" in w for w in doc.warnings)
    assert doc.unassigned == []
