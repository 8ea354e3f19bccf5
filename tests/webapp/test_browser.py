"""The app in a real browser (Debian's chromium through playwright): a time-limit question
and a follow-up, the card, the time limit and the cited source on the page, the browse
tab filtered by department, and a downloaded checklist. Screenshots are saved under
build/screenshots/ for a person to look at."""
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def page(app_server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs Debian's chromium where it can)")
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1500}, accept_downloads=True,
                                      locale="zh-CN")
        page = context.new_page()
        page.goto(app_server["url"], wait_until="domcontentloaded")
        page.locator("#kb-question textarea").wait_for(timeout=60_000)
        yield page
        context.close()
        browser.close()


def ask(page, question: str) -> None:
    box = page.locator("#kb-question textarea")
    box.fill(question)
    page.locator("#kb-send").click()


def last_bot_message(page):
    return page.locator("#kb-chat .message-row.bot-row, #kb-chat [data-testid='bot']").last


def test_chat_card_followup_source_and_checklist(page):
    from playwright.sync_api import expect

    ask(page, "报关单填错了想改，要多久")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("3个工作日", timeout=60_000)
    expect(chat).to_contain_text("报关单修撤业务")
    expect(chat).to_contain_text("综合业务一处")
    expect(chat).to_contain_text("来源：大窑湾海关政务公开")
    page.get_by_text("原文出处（点击展开查看引用的原文）").click()
    source = page.locator("#kb-source")
    expect(source).to_contain_text("修撤情况说明", timeout=10_000)
    expect(source.locator("mark.kb-cited").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "chat-time-limit.png"), full_page=True)

    ask(page, "那要带什么材料")
    expect(chat).to_contain_text("所需单据：修撤情况说明", timeout=30_000)
    page.screenshot(path=str(SHOTS / "chat-followup.png"), full_page=True)

    with page.expect_download(timeout=30_000) as download:
        page.locator("#kb-dl-md").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "- [ ] 修撤情况说明" in text and "- [ ] 海关需要提供的其他材料等" in text and "3个工作日" in text


def test_pdf_checklist_downloads(page):
    with page.expect_download(timeout=60_000) as download:
        page.locator("#kb-dl-pdf").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000


def test_clarification_choice_and_feedback_are_kept(page, app_server):
    from playwright.sync_api import expect

    from kb.feedback import FeedbackStore

    ask(page, "审单业务要多久")
    choices = page.locator("#kb-choices")
    expect(choices).to_contain_text("审单业务（保税监管处）", timeout=30_000)
    page.screenshot(path=str(SHOTS / "chat-clarify.png"), full_page=True)
    choices.get_by_text("审单业务（保税监管处）").click()
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("选择：审单业务（保税监管处）", timeout=30_000)
    expect(chat).to_contain_text("**审单业务**（保税监管处）的办理时限".replace("**", ""), timeout=30_000)
    page.locator("#kb-up").click()
    expect(page.locator("#kb-feedback-note")).to_contain_text("感谢反馈，已记录", timeout=30_000)
    rows = FeedbackStore(app_server["data"] / "feedback.sqlite3").rows()
    assert rows and rows[-1]["rating"] == 1 and "审单业务" in rows[-1]["question"]


def test_user_text_is_shown_escaped(page):
    from playwright.sync_api import expect

    ask(page, "<img src=x onerror=alert(1)>护照<b>怎么</b>换")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("没有找到", timeout=30_000)
    expect(chat).to_contain_text("<img src=x onerror=alert(1)>")  # shown as text, not run
    assert chat.locator("img[src='x']").count() == 0 and chat.locator("b", has_text="怎么").count() == 0


def test_an_english_question_is_answered_with_its_reading_shown(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="咨询").click()
    ask(page, "How long does the customs price review take?")
    answer = last_bot_message(page)
    expect(answer).to_contain_text("按中文理解为（read as）：多久海关审价", timeout=60_000)
    expect(answer).to_contain_text("审价业务")
    expect(answer).to_contain_text("3个工作日")
    page.screenshot(path=str(SHOTS / "chat-english.png"), full_page=True)


def test_browse_filters_by_department(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="浏览").click()
    table = page.locator("#kb-services")
    expect(table).to_contain_text("报关单修撤业务", timeout=10_000)
    dept = page.locator("#kb-dept input")
    dept.click()
    page.get_by_role("option", name="卫生检疫处").click()
    expect(table).to_contain_text("船舶吨税执照业务", timeout=10_000)
    expect(table).not_to_contain_text("报关单修撤业务", timeout=10_000)
    table.get_by_text("船舶吨税执照业务").click()
    expect(page.get_by_text("#### 船舶吨税执照业务").or_(page.locator("h4", has_text="船舶吨税执照业务"))).to_be_visible(
        timeout=10_000)
    page.screenshot(path=str(SHOTS / "browse-department.png"), full_page=True)


def test_screenshots_were_saved(page):
    """The screenshots a person looks at (and `make screenshot` copies into docs/)."""
    for name in ("chat-time-limit.png", "chat-followup.png", "chat-clarify.png", "browse-department.png"):
        shot = SHOTS / name
        assert shot.exists() and shot.stat().st_size > 20_000, name

