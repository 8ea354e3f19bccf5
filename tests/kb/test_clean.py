from kb.parse.clean import clean, decode


def test_page_break_inside_parenthesis_is_rejoined():
    text = "3. 发挥优势。(大连海关、自贸片区管委会、辽港集团按职责分工负\n\n\n责)\n4. 下一条。"
    lines = clean(text).lines
    assert [l.text for l in lines] == ["3. 发挥优势。(大连海关、自贸片区管委会、辽港集团按职责分工负责)", "4. 下一条。"]
    assert (lines[0].start, lines[0].end) == (1, 4)


def test_page_break_mid_word_in_numbered_paragraph_is_rejoined():
    text = "11. 提高危险货物稽查精准度。对口岸危险货物试行“智\n\n慧获取、信息核查”四步稽查模式。"
    lines = clean(text).lines
    assert len(lines) == 1 and "“智慧获取" in lines[0].text


def test_headings_and_finished_sentences_are_not_joined():
    text = "## 关于印发实施方案的通知\n\n各有关单位:\n\n一、总体要求\n\n大连海关 文件 辽宁出入境检验检疫局关于联合通知\n\n正文。"
    assert len(clean(text).lines) == 5


def test_comma_at_line_end_joins_next_paragraph_line():
    text = "坚持创新思维、开放思维，\n\n借鉴国际国内先进经验和做法。"
    assert [l.text for l in clean(text).lines] == ["坚持创新思维、开放思维，借鉴国际国内先进经验和做法。"]


def test_web_boilerplate_dropped_with_reasons():
    text = ("某某海事网-专业海事信息咨询服务平台\n标题\n正文。\n热点排行热点排行\n"
            "二、实践效果\n内容。\n热门推荐\n  • 无关新闻\n返回列表\n发表评论\n")
    cleaned = clean(text)
    assert [l.text for l in cleaned.lines] == ["标题", "正文。", "二、实践效果", "内容。"]
    reasons = dict(cleaned.dropped)
    assert reasons[1] == "site header"
    assert reasons[4] == "ranking widget text"
    assert all(n in reasons for n in (7, 8, 9, 10))


def test_short_line_runs_join_only_when_asked():
    text = "为方便出口企业\n\n促进外向型经济发展\n\n推出了新模式\n\n一、主要做法"
    assert len(clean(text).lines) == 4
    joined = clean(text, join_short_runs=True).lines
    assert joined[0].text == "为方便出口企业促进外向型经济发展推出了新模式"
    assert (joined[0].start, joined[0].end, joined[0].lead) == (1, 5, "为方便出口企业")


def test_decode_falls_back_to_gb18030_with_warning():
    text, warnings = decode("审单业务".encode("gb18030"), "x.txt")
    assert text == "审单业务"
    assert warnings and "GB18030" in warnings[0]


def test_decode_strips_bom():
    text, warnings = decode("\ufeff一、概况".encode("utf-8"), "x.txt")
    assert text == "一、概况" and warnings == []
