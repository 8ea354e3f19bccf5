"""The /ask endpoint checks a request before any work: the question's type and length, the
history's type (a list of strings, not a string read character by character) and count."""
import pytest

from tests.answering.conftest import bot  # noqa: F401 — the shared BM25 assistant
from webapp.api import ask_endpoint, ask_problem

KEYS = {"question", "status", "intent", "answer", "facts", "candidates"}


@pytest.mark.parametrize("question, history, problem", [
    (None, [], "question must be text"),
    ("问" * 301, [], "question is longer than 300 characters"),
    ("那要多久", "吨税执照要带什么材料", "history must be a list of strings"),
    ("那要多久", [1, 2], "history must be a list of strings"),
    ("那要多久", ["吨税执照"] * 51, "history has more than 50 turns"),
])
def test_bad_requests_are_refused_with_what_is_wrong(bot, question, history, problem):  # noqa: F811
    assert (ask_problem(question, history, 300, 50) or "").startswith(problem)
    answer = ask_endpoint(bot)(question, history)
    assert KEYS <= set(answer) and answer["status"] == "not_found" and answer["facts"] == []
    assert answer["error"].startswith(problem) and "无法回答这个请求" in answer["answer"]


def test_a_good_request_is_answered_as_before(bot):  # noqa: F811
    assert ask_problem("那要多久", ["吨税执照要带什么材料"], 500, 50) is None
    answer = ask_endpoint(bot)("那要多久", ["吨税执照要带什么材料"])
    assert "error" not in answer and answer["facts"][0]["title"] == "船舶吨税执照业务"
    assert ask_endpoint(bot)("吨税执照多久", None)["status"] == "answered"


def test_earlier_turns_together_cost_at_most_twice_a_question(bot, monkeypatch):  # noqa: F811
    seen = []
    monkeypatch.setattr(bot, "resolve", lambda q, history: seen.append(history) or bot.compose.message(q, "x"))
    limit = bot.settings.max_question_chars
    long_turns = [f"{n}" + "报关" * (limit // 2 - 1) for n in range(6)]  # each just under the limit
    bot.ask("那要多久", long_turns + ["吨税执照要带什么材料"])
    kept = seen[-1]
    assert sum(map(len, kept)) <= 2 * limit and kept[-1] == "吨税执照要带什么材料"  # the newest stay
    assert kept[:-1] == long_turns[-len(kept) + 1:]
    bot.ask("那要多久", ["吨税执照要带什么材料"] * 3)
    assert seen[-1] == ["吨税执照要带什么材料"] * 3  # short turns are untouched
