import pytest

from kb.parse.numbering import Marker, cn_to_int, parse_number


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("四十三", 43),
    ("一百零五", 105), ("两", 2),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("line,marker,number,rest", [
    ("一、审单业务。", Marker.cn, 1, "审单业务。"),
    ("十一、退运业务。", Marker.cn, 11, "退运业务。"),
    ("（二）办理时限：1个工作日。", Marker.paren_cn, 2, "办理时限：1个工作日。"),
    ("(四十三)依托“十百千万”", Marker.paren_cn, 43, "依托“十百千万”"),
    ("### (一) 指导思想", Marker.paren_cn, 1, "指导思想"),
    ("## 一、总体要求", Marker.cn, 1, "总体要求"),
    ("1.货物报关单；", Marker.arabic, 1, "货物报关单；"),
    ("12. 开展清理规范", Marker.arabic, 12, "开展清理规范"),
    ("3、企业反馈", Marker.arabic, 3, "企业反馈"),
    ("2．全角点", Marker.arabic, 2, "全角点"),
    ("（1）保证函", Marker.paren_arabic, 1, "保证函"),
    ("(3) 对于信息对碰", Marker.paren_arabic, 3, "对于信息对碰"),
    ("- (1) 海关和检验检疫部门", Marker.paren_arabic, 1, "海关和检验检疫部门"),
    ("    3.海关需要提供的其他材料等。", Marker.arabic, 3, "海关需要提供的其他材料等。"),
])
def test_markers(line, marker, number, rest):
    got = parse_number(line)
    assert got is not None
    assert (got.marker, got.number, got.rest) == (marker, number, rest)


@pytest.mark.parametrize("line", [
    "2.5个工作日", "2022年4月14日", "一次申报", "179号，以下简称", "综合业务一处", "", "   ",
    "12345 投诉举报电话", "（以上单据均需加盖企业印章）。", "三个一",
])
def test_plain_text_is_not_numbered(line):
    assert parse_number(line) is None
