"""The app in a real browser (Debian's chromium through playwright), at desktop (1366×800)
and phone (390×844) sizes, as enterprises and help-desk staff use it: the welcome and an
example clicked, answers that keep their own actions (source, checklist, 👍/👎) while later
answers exist, a clarification settled by button and by "第二个", a suggested follow-up, a
new conversation that really forgets, plain-text copy, the browse search with a colloquial
word, and the Excel-friendly feedback export read back with a real CSV parser.

Latencies (first answer, follow-up) are printed to the test log, never asserted.
Screenshots are saved under build/screenshots/ for a person to look at."""
import csv
import io
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser(app_server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make test installs Debian's chromium where it can)")
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def open_page(browser, app_server, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, accept_downloads=True, locale="zh-CN",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(app_server["url"], wait_until="domcontentloaded")
    page.locator("#kb-chat button.option").first.wait_for(timeout=60_000)  # the welcome's examples
    return page


@pytest.fixture()
def page(browser, app_server):
    page = open_page(browser, app_server)
    yield page
    page.context.close()


def ask(page, question: str) -> float:
    """Ask in the box; returns the seconds until the answer's messages are shown."""
    bots = page.locator("#kb-chat [data-testid='bot']").count()
    page.locator("#kb-question textarea").fill(question)
    start = time.perf_counter()
    page.locator("#kb-send").click()
    page.wait_for_function(f"document.querySelectorAll('#kb-chat [data-testid=\"bot\"]').length > {bots}",
                           timeout=60_000)
    return time.perf_counter() - start


def click_option(page, label: str) -> None:
    page.locator("#kb-chat button.option", has_text=label).first.click()


def bot_messages(page):
    return page.locator("#kb-chat [data-testid='bot']")


def last_answer(page):
    """The latest answer's own message (not the collapsed source that follows it)."""
    return bot_messages(page).filter(has_not_text="查看原文（").last


def feedback_rows(app_server):
    from kb.feedback import FeedbackStore

    return FeedbackStore(app_server["data"] / "feedback.sqlite3").rows()


def test_welcome_examples_send_on_click(page):
    from playwright.sync_api import expect

    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("您好！这里可以查询")
    examples = chat.locator("button.option")
    expect(examples.nth(2)).to_be_visible(timeout=10_000)
    first = examples.first.inner_text()
    start = time.perf_counter()
    examples.first.click()
    expect(chat.locator("[data-testid='user']").last).to_contain_text(first, timeout=60_000)
    page.wait_for_function("document.querySelectorAll('#kb-chat [data-testid=\"bot\"]').length > 1", timeout=60_000)
    print(f"\nbrowser: first answer (example click) {time.perf_counter() - start:.2f} s")
    page.screenshot(path=str(SHOTS / "chat-welcome.png"))


def test_each_answer_keeps_its_own_source_checklist_and_rating(page, app_server):
    from playwright.sync_api import expect

    first = ask(page, "报关单填错了想改，要多久")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("3个工作日", timeout=60_000)
    expect(chat).to_contain_text("来源：《大窑湾海关政务公开》› 三、各处室业务环节操作流程 › 综合业务一处")
    assert "000_908f02d79280c5dd.txt 第91" not in bot_messages(page).nth(1).inner_text()  # no file name in the footnote
    page.screenshot(path=str(SHOTS / "chat-desktop.png"))
    followup = ask(page, "吨税执照要带什么材料")
    expect(chat).to_contain_text("船舶吨税执照业务", timeout=60_000)
    print(f"\nbrowser: first answer {first:.2f} s, second question {followup:.2f} s")

    # the first answer's source is still its own, below it
    page.get_by_text("查看原文（000_908f02d79280c5dd.txt 第91–107行）").first.click()
    expect(chat).to_contain_text("修撤情况说明")
    # 👍 on the first answer, then 👎 on it: one record, updated
    page.locator("#kb-chat button[aria-label='赞'], #kb-chat button[aria-label='Like']").nth(1).click()
    deadline = time.time() + 20
    while time.time() < deadline and not [r for r in feedback_rows(app_server) if "报关单填错了" in r["question"]]:
        time.sleep(0.3)
    rows = [r for r in feedback_rows(app_server) if "报关单填错了" in r["question"]]
    assert len(rows) == 1 and rows[0]["rating"] == 1 and rows[0]["title"] == "报关单修撤业务"
    page.locator("#kb-chat button[aria-label='踩'], #kb-chat button[aria-label='Dislike']").nth(1).click()
    deadline = time.time() + 20
    while time.time() < deadline and rows[0]["rating"] == 1:
        time.sleep(0.3)
        rows = [r for r in feedback_rows(app_server) if "报关单填错了" in r["question"]]
    assert len(rows) == 1 and rows[0]["rating"] == -1

    # the first answer's checklist, made when its link is clicked, while a later answer exists
    link = bot_messages(page).nth(1).get_by_role("link", name="打印版 PDF")
    with page.expect_download(timeout=60_000) as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000
    assert download.value.suggested_filename.startswith("办事清单_报关单修撤业务_")


def test_a_clarification_is_settled_by_button_and_by_its_number(page):
    from playwright.sync_api import expect

    chat = page.locator("#kb-chat")
    ask(page, "审单业务要多久")
    expect(chat.locator("button.option", has_text="审单业务（保税监管处）")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "chat-clarify.png"))
    click_option(page, "审单业务（保税监管处）")
    expect(chat).to_contain_text("选择：审单业务（保税监管处）", timeout=30_000)
    expect(last_answer(page)).to_contain_text("保税监管处", timeout=30_000)

    page.locator("#kb-new").click()
    expect(bot_messages(page)).to_have_count(1, timeout=30_000)  # the welcome only
    ask(page, "审单业务要多久")
    expect(chat.locator("button.option", has_text="审单业务（保税监管处）")).to_be_visible(timeout=30_000)
    ask(page, "第二个")
    expect(last_answer(page)).to_contain_text("办理时限", timeout=30_000)


def test_a_suggested_follow_up_asks_about_the_same_service(page):
    from playwright.sync_api import expect

    ask(page, "吨税执照多久能办好")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("船舶吨税执照业务", timeout=60_000)
    start = time.perf_counter()
    click_option(page, "要带什么材料")
    expect(chat.locator("[data-testid='user']").last).to_contain_text("要带什么材料", timeout=30_000)
    expect(last_answer(page)).to_contain_text("所需单据", timeout=30_000)
    print(f"\nbrowser: suggested follow-up {time.perf_counter() - start:.2f} s")
    page.screenshot(path=str(SHOTS / "chat-followup.png"))


def test_a_new_conversation_forgets_the_old_topic(page):
    from playwright.sync_api import expect

    ask(page, "吨税执照多久能办好")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("船舶吨税执照业务", timeout=60_000)
    page.locator("#kb-new").click()
    expect(bot_messages(page)).to_have_count(1, timeout=30_000)
    expect(chat).not_to_contain_text("船舶吨税执照业务", timeout=30_000)
    expect(chat).to_contain_text("您好！这里可以查询")
    ask(page, "那要带什么材料")
    expect(last_answer(page)).not_to_contain_text("船舶吨税执照业务", timeout=30_000)


def test_the_conversation_is_kept_by_the_page_and_a_reload_starts_a_new_one(page):
    from playwright.sync_api import expect

    ask(page, "吨税执照多久能办好")
    expect(page.locator("#kb-chat")).to_contain_text("船舶吨税执照业务", timeout=60_000)
    ask(page, "那要带什么材料")  # the follow-up is answered from the state the page sent
    expect(last_answer(page)).to_contain_text("船舶吨税执照业务", timeout=30_000)
    page.wait_for_function("(localStorage.getItem('kb-conversation') || '').length > 100", timeout=10_000)
    kept = page.evaluate("localStorage.getItem('kb-conversation')")
    page.reload(wait_until="domcontentloaded")
    page.locator("#kb-chat button.option").first.wait_for(timeout=60_000)
    left = page.evaluate("localStorage.getItem('kb-conversation')") or ""
    assert len(left) < len(kept)  # the old conversation was not left behind in the browser
    ask(page, "那要带什么材料")  # what the browser kept of the old conversation is not shown: not used
    expect(last_answer(page)).not_to_contain_text("船舶吨税执照业务", timeout=30_000)


def test_a_full_queue_is_said_in_chinese_and_the_question_stays(page):
    import json

    from playwright.sync_api import expect

    from webapp.guard import BUSY as BUSY_REPLY
    from webapp.ui import BUSY

    page.route("**/queue/join*", lambda route: route.fulfill(  # what webapp.guard answers when the queue is full
        status=503, body=json.dumps(BUSY_REPLY, ensure_ascii=False),
        headers={"Retry-After": "2", "Content-Type": "application/json"}))
    page.locator("#kb-question textarea").fill("吨税执照多久")
    page.locator("#kb-send").click()
    toast = page.locator('[data-testid="toast-body"]').first
    expect(toast).to_contain_text(BUSY, timeout=30_000)
    expect(toast).not_to_contain_text("currently busy")
    page.screenshot(path=str(SHOTS / "chat-busy.png"))
    assert page.locator("#kb-question textarea").input_value() == "吨税执照多久"
    expect(page.locator("#kb-chat .wrap:has(> span.error)")).to_be_hidden()  # the chat is not covered
    page.unroute("**/queue/join*")


def test_copy_gives_plain_text(page):
    from playwright.sync_api import expect

    ask(page, "报关单填错了想改，要多久")
    expect(page.locator("#kb-chat")).to_contain_text("3个工作日", timeout=60_000)
    copy = page.locator("#kb-chat button[aria-label='复制（纯文本）']")
    expect(copy.first).to_be_attached(timeout=10_000)
    copy.nth(2).click()  # welcome, question, answer
    time.sleep(0.5)
    text = page.evaluate("navigator.clipboard.readText()")
    assert "3个工作日" in text and "**" not in text and "####" not in text


def test_user_text_is_shown_escaped_and_the_box_keeps_the_server_limit(page):
    from playwright.sync_api import expect

    ask(page, "<img src=x onerror=alert(1)>护照<b>怎么</b>换")
    chat = page.locator("#kb-chat")
    expect(chat).to_contain_text("<img src=x onerror=alert(1)>", timeout=30_000)  # shown as text, not run
    assert chat.locator("img[src='x']").count() == 0 and chat.locator("b", has_text="怎么").count() == 0
    from kb.settings import get_settings

    assert page.locator("#kb-question textarea").get_attribute("maxlength") == str(get_settings().max_question_chars)


def test_an_english_question_is_answered_with_its_reading_shown(page):
    from playwright.sync_api import expect

    ask(page, "How long does the customs price review take?")
    answer = last_answer(page)
    expect(answer).to_contain_text("按中文理解为（read as）：多久海关审价", timeout=60_000)
    expect(answer).to_contain_text("3个工作日")
    page.screenshot(path=str(SHOTS / "chat-english.png"))


def test_on_a_phone_the_answer_fits_the_screen(browser, app_server):
    from playwright.sync_api import expect

    page = open_page(browser, app_server, PHONE)
    try:
        seconds = ask(page, "冻品进口查验要多久")
        print(f"\nbrowser (phone): first answer {seconds:.2f} s")
        expect(page.locator("#kb-chat")).to_contain_text("冷冻", timeout=60_000)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the page is {width}px wide on a {PHONE['width']}px phone"
        page.screenshot(path=str(SHOTS / "chat-phone.png"))
        page.get_by_role("tab", name="浏览").click()
        expect(page.locator("#kb-services")).to_contain_text("报关单修撤业务", timeout=10_000)
        page.screenshot(path=str(SHOTS / "browse-phone.png"))
    finally:
        page.context.close()


def test_browse_searches_as_the_chat_does_and_collects_a_checklist(page):
    from playwright.sync_api import expect

    page.get_by_role("tab", name="浏览").click()
    table = page.locator("#kb-services")
    expect(table).to_contain_text("报关单修撤业务", timeout=10_000)
    page.locator("#kb-browse-search textarea, #kb-browse-search input").fill("冻品")
    expect(table).to_contain_text("冷冻", timeout=10_000)  # 冻品 is the chat's synonym of 冷冻产品
    expect(table).not_to_contain_text("报关单修撤业务", timeout=10_000)
    table.get_by_text("进口冷藏、冷冻产品查验流程").locator("visible=true").first.click()
    expect(page.locator("#kb-browse-card")).to_contain_text("冷冻", timeout=10_000)
    assert "**" not in page.locator("#kb-browse-plain textarea").input_value()
    page.locator("#kb-basket-add").click()
    page.locator("#kb-browse-search textarea, #kb-browse-search input").fill("吨税")
    expect(table).to_contain_text("船舶吨税执照业务", timeout=10_000)
    table.get_by_text("船舶吨税执照业务").locator("visible=true").first.click()
    expect(page.locator("#kb-browse-card")).to_contain_text("船舶吨税执照业务", timeout=10_000)
    page.locator("#kb-basket-add").click()
    expect(page.locator("#kb-basket")).to_contain_text("船舶吨税执照业务", timeout=10_000)
    page.locator("#kb-basket-make").click()
    link = page.locator("#kb-basket-file a").first
    link.wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "browse-desktop.png"))
    page.get_by_role("tab", name="措施").click()
    page.locator("#kb-measures summary").first.click()
    expect(page.locator("#kb-measures details[open]")).to_contain_text("来源：", timeout=10_000)


def test_the_feedback_export_opens_in_excel(page, app_server):
    from playwright.sync_api import expect

    ask(page, "护照怎么换")  # not in the knowledge base: listed for staff
    expect(page.locator("#kb-chat")).to_contain_text("没有找到", timeout=60_000)
    page.locator("#kb-chat button[aria-label='哪里不对']").nth(1).click()  # 👎 with what was wrong
    page.locator("#kb-chat").get_by_text("答非所问").locator("visible=true").first.click()
    page.get_by_role("tab", name="管理").click()
    page.locator("#kb-unanswered").click()  # without the token: refused
    expect(page.locator("#kb-admin-note")).to_contain_text("口令不正确", timeout=30_000)
    page.locator("#kb-admin-token input").fill(app_server["token"])
    page.locator("#kb-export").click()
    link = page.locator("#kb-export-note a")
    link.wait_for(timeout=30_000)
    href = link.get_attribute("href")
    with page.expect_download(timeout=30_000) as download:
        link.click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # Excel on a Chinese PC reads UTF-8 with the mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {"编号", "时间", "问题", "之前的提问", "回答状态", "回答内容", "评价", "意见"} <= set(rows[0])
    assert any(r["问题"] == "护照怎么换" and r["评价"] == "没帮助" and r["回答状态"] == "未找到" and r["意见"] == "答非所问"
               for r in rows)
    assert "(UTC+08:00)" in rows[0]["时间"]
    page.locator("#kb-unanswered").click()
    expect(page.locator("#kb-unanswered-table")).to_contain_text("护照怎么换", timeout=30_000)
    page.screenshot(path=str(SHOTS / "admin.png"))
    expect(page.locator("#kb-export-note")).to_contain_text("只能使用一次")
    again = page.request.get(app_server["url"].rstrip("/") + href)
    assert again.status == 404  # handed out once


def test_screenshots_were_saved(browser):
    """The screenshots a person looks at (the README shows the desktop and phone ones)."""
    for name in ("chat-welcome.png", "chat-desktop.png", "chat-clarify.png", "chat-followup.png", "chat-phone.png",
                 "browse-desktop.png"):
        shot = SHOTS / name
        assert shot.exists() and shot.stat().st_size > 20_000, name
