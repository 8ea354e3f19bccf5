"""The chat handlers without a browser: answers carry their own buttons, a clarification
settled by a click answers the picked fact directly (no second search), checklists are
made on demand and cached, ratings are one record per answer, a new conversation forgets,
and a failing question stays in the box."""
import json

import pytest

from kb.feedback import FeedbackStore
from tests.answering.conftest import bot  # noqa: F401 — the shared BM25 assistant
from webapp.handlers import ChatHandlers, new_state


@pytest.fixture()
def handlers(bot, tmp_path):  # noqa: F811
    return ChatHandlers(bot, FeedbackStore(tmp_path / "fb.sqlite3"), tmp_path / "files")


def options_of(chat):
    return {o["label"]: o["value"] for o in chat[-1].get("options", [])}


def test_an_answer_brings_its_source_checklist_and_follow_ups(handlers):
    chat, box, state = handlers.ask("报关单填错了想改，要多久", handlers.start(), new_state())
    assert box == ""
    answer, source = chat[-2], chat[-1]
    assert "3个工作日" in answer["content"] and "来源：《大窑湾海关政务公开》›" in answer["content"]
    service = state["answers"][-1]["facts"][0]
    assert f"[Markdown](/checklist?ids={service}&format=md)" in answer["content"]  # made when clicked
    assert source["metadata"]["title"].startswith("查看原文（000_908f02d79280c5dd.txt 第91–107行")
    assert "**" in source["content"] and "修撤情况说明" in source["content"]
    buttons = options_of(chat)
    assert "要多久？" not in buttons and "要带什么材料？" in buttons  # what was asked is not suggested again
    assert not handlers.files.exists() or not any(handlers.files.rglob("*.*"))  # no file before a click


def test_a_click_answers_the_picked_candidate_without_searching(handlers, monkeypatch):
    chat, _, state = handlers.ask("审单业务的时限", handlers.start(), new_state())
    record = state["answers"][-1]
    assert record["status"] == "clarify" and len(record["candidates"]) >= 2
    choices = options_of(chat)
    label, value = [(k, v) for k, v in choices.items() if v.startswith("pick:")][1]

    def no_search(*args, **kwargs):
        raise AssertionError("a settled clarification must not search again")

    monkeypatch.setattr(handlers.bot.index, "search", no_search)
    chat, _, state = handlers.option(value, chat, state)
    last = state["answers"][-1]
    assert last["status"] == "answered" and last["facts"][0] == record["candidates"][1]
    assert last["intent"] == "time_limit" and "办理时限" in chat[-2]["content"]
    picked = handlers.bot.by_id[record["candidates"][1]]
    assert state["history"][-1] == f"{picked.department} {picked.title}"


def test_an_unknown_choice_changes_nothing(handlers):
    chat, _, state = handlers.ask("审单业务的时限", handlers.start(), new_state())
    before = list(chat)
    chat, _, state = handlers.option("pick:0:svc-nothing", chat, state)
    assert chat == before
    chat, _, state = handlers.option("pick:9:svc-nothing", chat, state)
    assert chat == before


def test_a_checklist_is_made_on_the_first_request_and_then_reused(handlers):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from webapp.routes import checklist_router

    app = FastAPI()
    app.include_router(checklist_router(handlers))
    client = TestClient(app)
    ton = next(s for s in handlers.bot.services if s.title == "船舶吨税执照业务")
    first = client.get(f"/checklist?ids={ton.id}&format=md")
    assert first.status_code == 200 and "- [ ] 船舶吨税执照申请书" in first.text
    assert "filename*=UTF-8''" in first.headers["content-disposition"]
    made = sorted(handlers.files.rglob("*.*"))
    assert len(made) == 1 and client.get(f"/checklist?ids={ton.id}&format=md").text == first.text
    assert sorted(handlers.files.rglob("*.*")) == made  # the same file, not a new one
    measure = next(f for f in handlers.bot.facts if f.kind == "measure")
    assert client.get(f"/checklist?ids={measure.id}").status_code == 404  # services only
    assert client.get("/checklist?ids=svc-nothing").status_code == 404
    assert client.get("/checklist?ids=" + ",".join([ton.id] * 13)).status_code == 400
    assert client.get(f"/checklist?ids={ton.id}&format=exe").status_code == 422


def test_ratings_are_one_record_per_answer(handlers):
    chat, _, state = handlers.ask("吨税执照要多久", handlers.start(), new_state())
    first = len(chat) - 2  # the answer's message
    chat, _, state = handlers.ask("报关单填错了想改怎么弄", chat, state)
    assert handlers.rate(first, True, state, "s1") == "stored"
    assert handlers.rate(first, False, state, "s1", "答非所问") == "stored"  # changed their mind, said why
    assert handlers.rate(len(chat) - 2, True, state, "s1") == "stored"
    assert handlers.rate(0, True, state, "s1") == "not an answer"  # the welcome
    rows = handlers.store.rows()
    assert [(r["question"], r["rating"]) for r in rows] == [("吨税执照要多久", -1), ("报关单填错了想改怎么弄", 1)]
    assert rows[0]["title"] == "船舶吨税执照业务" and rows[0]["comment"] == "答非所问"
    assert rows[1]["history"] == '["吨税执照要多久"]'


def test_a_new_conversation_forgets_the_old_topic(handlers):
    chat, _, state = handlers.ask("吨税执照多久能办好", handlers.start(), new_state())
    chat, box, state = handlers.reset()
    assert len(chat) == 1 and chat[0]["options"] and state == new_state()
    chat, _, state = handlers.ask("那要带什么材料", chat, state)
    assert state["answers"][-1]["status"] != "answered" or state["answers"][-1]["title"] != "船舶吨税执照业务"


def test_a_failure_keeps_the_question_in_the_box_and_unanswered_questions_are_kept(handlers, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    chat, _, state = handlers.ask("护照怎么换", handlers.start(), new_state())
    assert handlers.store.to_act_on()[0]["question"] == "护照怎么换"
    monkeypatch.setattr(handlers.bot, "ask", broken)
    chat, box, state = handlers.ask("吨税执照要多久", chat, state)
    assert box == "吨税执照要多久" and "出错了" in chat[-1]["content"] and "Traceback" not in chat[-1]["content"]


def through_the_browser(state):
    """The state as the page keeps it between requests: JSON."""
    return json.loads(json.dumps(state, ensure_ascii=False))


def test_a_follow_up_lands_on_another_replica_with_the_state_the_page_sent(handlers, bot, tmp_path):  # noqa: F811
    other = ChatHandlers(bot, FeedbackStore(tmp_path / "fb.sqlite3"), tmp_path / "other")  # a second replica
    chat, _, state = handlers.ask("报关单填错了想改，要多久", handlers.start(), new_state())
    chat, _, state = other.ask("要带什么材料", chat, through_the_browser(state))
    assert "修撤情况说明" in chat[-2]["content"]  # the follow-up knew the service from the first turn
    assert other.rate(len(chat) - 2, True, through_the_browser(state), "s1") == "stored"


@pytest.mark.parametrize("tampered", [
    None, "text", [], {"history": "报关单修撤"}, {"history": [1], "answers": [], "messages": {}},
    {"history": [], "answers": [{"number": 0}], "messages": {"2": 0}},
    {"history": [], "answers": [{"number": 0, "question": "q", "status": "clarify", "title": "", "intent": "nonsense",
                                 "history": [], "facts": [], "candidates": ["x"]}], "messages": {}},
    {"history": [], "answers": [], "messages": {"2": "0"}},
])
def test_a_tampered_state_from_the_browser_is_a_new_conversation(handlers, tampered):
    chat, box, state = handlers.ask("报关单填错了想改，要多久", handlers.start(), tampered)
    assert box == "" and "3个工作日" in chat[-2]["content"] and state["answers"][0]["number"] == 0
    assert handlers.option("pick:0:nothing", chat, tampered)[0] == chat  # a choice of nothing changes nothing
    assert handlers.rate(0, True, tampered) == "not an answer"


def test_a_long_conversation_keeps_the_records_of_its_last_answers_only(handlers, monkeypatch):
    monkeypatch.setattr("webapp.handlers.MAX_ANSWERS", 3)
    chat, state = handlers.start(), new_state()
    for q in ["工作时间", "措施12", "报关单修撤要多久", "吨税执照多久"]:
        chat, _, state = handlers.ask(q, chat, state)
    assert state["answers"][0] is None and all(state["answers"][1:])
    assert sorted(state["messages"].values()) == [1, 2, 3]
    assert handlers.rate(1, True, state) == "not an answer"  # the first answer's message: forgotten


def test_a_reloaded_page_starts_a_new_conversation_though_the_browser_kept_the_old_state(handlers):
    chat, _, state = handlers.ask("报关单填错了想改，要多久", handlers.start(), new_state())
    chat, _, state = handlers.ask("要带什么材料", handlers.start(), through_the_browser(state))  # page reloaded
    assert len(state["answers"]) == 1 and state["history"] == ["要带什么材料"]
    assert "修撤情况说明" not in chat[-2]["content"]  # no hidden earlier turn answered the follow-up
