"""What the app shows, without a browser: escaping, the cited source, browse filters."""
from webapp import render


def test_user_text_cannot_inject_html_or_markdown():
    shown = render.user_text('<script>alert("x")</script> [点我](http://evil) ![](x.png) # 标题')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "\\[点我\\]\\(http://evil\\)" in shown and "\\!\\[\\]" in shown and "\\# 标题" in shown


def test_source_marks_the_cited_lines_and_escapes_them(services):
    fact = services[("综合业务一处", "报关单修撤业务")]
    html = render.source_html(fact)
    first, last = fact.citation.lines
    assert html.count('class="kb-cited"') >= 5
    assert f">{first:>4}</span>" in html and "修撤情况说明" in html
    assert f">{first - 2:>4}</span>" in html or f">{first - 1:>4}</span>" in html  # context before
    assert "<mark" in html and "<script" not in html


def test_browse_filters(services):
    every = list(services.values())
    assert len(render.filter_services(every, "全部", "全部", "", None)) == 55
    health = render.filter_services(every, "卫生检疫处", "全部", "", None)
    assert {s.department for s in health} == {"卫生检疫处"} and len(health) == 9
    minutes = render.filter_services(every, "全部", "分钟", "", None)
    assert {s.title for s in minutes} >= {"收单、分单业务", "检务复审业务"}
    twenty = render.filter_services(every, "全部", "全部", "", 20.0)
    assert len(twenty) == 3 and "20" in render.limit_values(every)
    found = render.filter_services(every, "全部", "全部", "吨税", None)
    assert "船舶吨税执照业务" in [s.title for s in found] and all("吨税" in s.text + s.title for s in found)
    assert render.service_rows(health)[0][:3] == ["卫生检疫处", 1, "船舶物料供应业务"]
