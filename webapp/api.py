"""The app's two API endpoints, checked before any work: `/ask` (the `kb ask` contract JSON)
and `/feedback` (a rating of an answer).

    gr.api(ask_endpoint(bot), api_name="ask")
    gr.api(feedback_endpoint(store), api_name="feedback")

A request the endpoint cannot take — a question that is not text or is too long, a history
that is not a list of strings or has more than KB_MAX_HISTORY_TURNS turns — is answered
at once with a not_found answer saying what is wrong, and an ``error`` field (the contract's
keys are all there, so a client reading only them sees "not found"). The request body
itself is bounded before Gradio parses it (webapp.guard).
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from answering.assistant import Assistant
from answering.types import Answer, Status
from kb.errors import KBError
from kb.feedback import FeedbackStore

log = logging.getLogger("kb.app")


def ask_problem(question: Any, history: Any, max_chars: int, max_turns: int) -> str | None:
    """Why an /ask request cannot be answered as sent, or None."""
    if not isinstance(question, str):
        return "question must be text"
    if len(question) > max_chars:
        return f"question is longer than {max_chars} characters"
    if history is not None and (not isinstance(history, list) or not all(isinstance(h, str) for h in history)):
        return "history must be a list of strings (the user's earlier questions)"
    if history and len(history) > max_turns:
        return f"history has more than {max_turns} turns"
    return None


def ask_endpoint(bot: Assistant) -> Callable[..., dict]:
    settings = bot.settings

    def ask(question: str, history: list[str] | None = None) -> dict:
        """Answer a question as the `kb ask` contract JSON; history = earlier user turns."""
        problem = ask_problem(question, history, settings.max_question_chars, settings.max_history_turns)
        if problem is not None:
            shown = question[:200] if isinstance(question, str) else ""
            text = f"无法回答这个请求：{problem}。问题请控制在{settings.max_question_chars}字以内，" \
                   "history 为之前提问的文字列表。"
            return {**Answer(question=shown, status=Status.not_found, answer=text).contract(), "error": problem}
        return bot.ask(question, list(history or [])).contract()

    return ask


def feedback_endpoint(store: FeedbackStore | None) -> Callable[..., dict]:
    def feedback(question: str, rating: int, facts: list[str] | None = None, answer_id: str = "",
                 session: str = "", status: str = "", title: str = "", history: list[str] | None = None,
                 comment: str = "") -> dict:
        """Record a rating (1 helpful, -1 not) of an answer to ``question``; the same
        ``session`` and ``answer_id`` again updates that record. Returns {"stored": true,
        "id": n} once it is committed, or {"stored": false, "error": "…"}."""
        if store is None:
            return {"stored": False, "error": "feedback is off"}
        if rating not in (1, -1) or not isinstance(question, str) or not question.strip():
            return {"stored": False, "error": "needs a question and a rating of 1 or -1"}
        try:
            n = store.rate(question, [str(f) for f in facts or []], rating, session=session or "api",
                           answer=answer_id or uuid.uuid4().hex, status=status or None, title=title or "",
                           history=[str(h) for h in history or []], comment=comment or "")
        except KBError as exc:
            log.error("feedback not stored: %s", exc)
            return {"stored": False, "error": "not stored; try again later"}
        return {"stored": True, "id": n}

    return feedback
