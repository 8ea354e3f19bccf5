"""The chat handlers without a browser: a clarification settled by a click answers the
picked fact directly (no second search), and the conversation remembers the choice."""
import pytest

from tests.answering.conftest import bot  # noqa: F401 — the shared BM25 assistant
from webapp.ui import ChatHandlers, _label, _new_state


@pytest.fixture()
def handlers(bot, tmp_path):  # noqa: F811
    return ChatHandlers(bot, None, tmp_path)


def test_a_click_answers_the_picked_candidate_without_searching(handlers, monkeypatch):
    chat, _, state, *_ = handlers.ask("审单业务的时限", [], _new_state())
    candidates = state["last"]["candidates"]
    assert state["last"]["status"] == "clarify" and len(candidates) >= 2
    picked = candidates[1]

    def no_search(*args, **kwargs):
        raise AssertionError("a settled clarification must not search again")

    monkeypatch.setattr(handlers.bot.index, "search", no_search)
    chat, _, state, *_ = handlers.choose(_label(picked), chat, state)
    last = state["last"]
    assert last["status"] == "answered" and last["facts"][0]["id"] == picked["id"]
    assert last["intent"] == "time_limit" and "办理时限" in chat[-1]["content"]
    assert state["history"][-1] == f"{picked['department']} {picked['title']}"


def test_an_unknown_choice_changes_nothing(handlers):
    chat, _, state, *_ = handlers.ask("审单业务的时限", [], _new_state())
    before = list(chat)
    chat, _, state2, *_ = handlers.choose("不存在的选项", chat, state)
    assert chat == before and state2["last"]["status"] == "clarify"


def test_a_followup_after_a_choice_refers_to_the_chosen_fact(handlers):
    chat, _, state, *_ = handlers.ask("审单业务的时限", [], _new_state())
    picked = state["last"]["candidates"][0]
    chat, _, state, *_ = handlers.choose(_label(picked), chat, state)
    chat, _, state, *_ = handlers.ask("那要带什么材料", chat, state)
    assert state["last"]["facts"][0]["id"] == picked["id"] and state["last"]["intent"] == "documents"


def test_a_new_conversation_forgets_the_old_topic(handlers):
    chat, _, state, *_ = handlers.ask("吨税执照多久能办好", [], _new_state())
    chat, _, state, *_ = handlers.reset()
    assert chat == [] and state["history"] == [] and state["last"] is None
    chat, _, state, *_ = handlers.ask("那要带什么材料", chat, state)
    assert state["last"]["status"] != "answered" or state["last"]["facts"][0]["title"] != "船舶吨税执照业务"
