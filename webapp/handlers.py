"""The chat tab's callbacks, bound to one assistant, feedback store and file folder.

State per conversation (a JSON dict the page keeps in the browser, gr.BrowserState, and
sends with every request, so any replica can answer the next turn): the user's earlier
turns (for follow-ups), every answer of the conversation by number (for its choices and its
rating) and which chat message shows which answer. It comes from the browser, so it is
checked before use (``valid_state``): anything malformed starts a new conversation, and
only the last MAX_ANSWERS answers keep their records. Handlers never raise into the page: an
unexpected error becomes a short message, the question stays in the input box, and the
traceback goes to the server log.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from answering.assistant import Assistant
from answering.checklist import Checklist, find_cjk_font
from answering.types import Answer, Intent, Status
from kb.errors import KBError
from kb.facts import Service
from kb.feedback import FeedbackStore
from kb.files import write_atomically
from webapp import render
from webapp.chat import DocInfo, answer_messages, choice_label, welcome

log = logging.getLogger("kb.app")
ERROR = "抱歉，处理这个问题时出错了，问题还在输入框里，请稍后再试或换个说法。"


MAX_ANSWERS = 100  # answers of one conversation whose choices and ratings still work


def new_state() -> dict:
    return {"history": [], "answers": [], "messages": {}}


def valid_state(state: Any) -> dict:
    """The conversation state as the browser sent it, in the shape the handlers use: turns
    are strings, answers are records (or None once forgotten), messages map to numbers.
    Anything else — a tampered or outdated value — is a new conversation."""
    if not isinstance(state, dict):
        return new_state()
    history, answers, messages = state.get("history"), state.get("answers"), state.get("messages")
    if not (isinstance(history, list) and isinstance(answers, list) and isinstance(messages, dict)) \
            or not all(isinstance(h, str) for h in history) \
            or not all(a is None or _valid_record(a) for a in answers) \
            or not all(isinstance(n, int) for n in messages.values()):
        return new_state()
    return {"history": history, "answers": answers, "messages": messages}


def _shows_turns(chat: Any) -> bool:
    """Whether the chat as the page shows it has a user's turn (not only the welcome)."""
    return isinstance(chat, list) and any(isinstance(m, dict) and m.get("role") == "user" for m in chat)


def _valid_record(record: Any) -> bool:
    """Whether an answer's record has the fields ``_summary`` writes, of their types."""
    def strings(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    return isinstance(record, dict) and isinstance(record.get("number"), int) \
        and all(isinstance(record.get(k), str) for k in ("question", "status", "title")) \
        and (record.get("intent") is None or record.get("intent") in _INTENTS) \
        and all(strings(record.get(k)) for k in ("history", "facts", "candidates"))


_INTENTS = frozenset(i.value for i in Intent)


class ChatHandlers:
    def __init__(self, bot: Assistant, store: FeedbackStore | None, files: Path,
                 docs: dict[str, DocInfo] | None = None):
        self.bot, self.store, self.files = bot, store, files
        self.docs = docs or {}
        self.titles = frozenset(s.title for s in bot.services)  # for 出口的呢？ when the other side exists
        try:
            find_cjk_font()
            self.pdf_ok = True
        except KBError:
            self.pdf_ok = False

    def start(self) -> list[dict]:
        """The chat as a new conversation opens: the welcome with example questions."""
        return [welcome(self.bot.scope.name, self.bot.scope.examples)]

    def reset(self):
        """A new conversation: the welcome only, no memory of earlier turns."""
        return self.start(), "", new_state()

    def ask(self, message: str, chat: list, state: dict, session: str = ""):
        """Answer ``message`` in the light of this session's earlier turns. Returns the
        chat, what stays in the input box (nothing, or the question when it failed) and
        the state. A page showing no earlier turn (opened or reloaded: the browser still
        holds the state of its last conversation) starts a new conversation."""
        state = valid_state(state) if _shows_turns(chat) else new_state()
        message = message if isinstance(message, str) else ""
        if not message.strip():
            return chat, message, state
        history = list(state["history"])
        try:
            answer: Answer | None = self.bot.ask(message, history)
        except Exception:  # a bug must not reach the page as a traceback
            log.exception("answering failed for %r", message[:200])
            answer = None
        too_long = len(message) > self.bot.settings.max_question_chars
        remember = None if too_long else message
        chat = self._show(answer, render.user_text(message), chat, state, history, remember, session)
        return chat, (message if answer is None or too_long else ""), state

    def option(self, value: str, chat: list, state: dict, session: str = ""):
        """A button under an answer: a question to ask, or a choice to settle."""
        state = valid_state(state)
        kind, _, rest = (value or "").partition(":")
        if kind == "ask":
            return self.ask(rest, chat, state, session)
        if kind == "pick":
            return self.choose(rest, chat, state, session), "", state
        return chat, "", state

    def choose(self, ref: str, chat: list, state: dict, session: str = "") -> list:
        """A clarification settled by a click (``<answer number>:<fact id>``): that fact,
        for the question that answer was asked about — no second search."""
        number, _, fact_id = ref.partition(":")
        record = _record(state, number)
        if record is None or fact_id not in record["candidates"]:
            return chat
        fact = self.bot.by_id.get(fact_id)
        intent = Intent(record["intent"]) if record.get("intent") else None
        try:
            answer: Answer | None = self.bot.choose(fact_id, record["question"], intent)
        except Exception:
            log.exception("choosing %r failed", fact_id)
            answer = None
        label = choice_label(fact) if fact is not None else fact_id
        # the conversation remembers the choice as the thing chosen, so a follow-up refers to it
        remember = f"{getattr(fact, 'department', '') or ''} {fact.title}".strip() if fact is not None else None
        return self._show(answer, f"选择：{render.user_text(label)}", chat, state, list(state["history"]), remember,
                          session)

    def checklist_file(self, services: list[Service], fmt: str) -> Path:
        """The checklist file of these services in ``fmt`` (pdf, md): made on the first
        request, then the same file (one per set of services, format and day)."""
        checklist = Checklist.of(services, self.bot.facts, self.bot.scope.issuer_of(services[0]),
                                   self.bot.scope.date_of(services[0]))
        key = hashlib.sha1("|".join([checklist.made_on, fmt] + [s.id for s in services]).encode()).hexdigest()[:16]
        folder = self.files / key
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / checklist.filename(fmt)
        if not path.exists():
            write_atomically(path, checklist.pdf() if fmt == "pdf" else checklist.markdown().encode("utf-8"))
        return path

    def rate(self, message_index: int, liked: bool, state: dict, session: str = "", reason: str = "") -> str:
        """👍/👎 on one answer (by its chat message), with what was wrong (``reason``):
        one record per answer, a second click updates it. Returns a short note for the
        log of what happened."""
        state = valid_state(state)
        record = _record(state, state["messages"].get(str(message_index)))
        if record is None:
            return "not an answer"
        if self.store is None:
            return "feedback off"
        try:
            self.store.rate(record["question"], record["facts"] or record["candidates"], 1 if liked else -1,
                            session=session or "anonymous", answer=str(record["number"]), status=record["status"],
                            title=record["title"], history=record["history"], comment=reason)
        except KBError as exc:
            log.error("feedback not stored: %s", exc)
            return "not stored"
        return "stored"

    def _show(self, answer: Answer | None, shown: str, chat: list, state: dict, history: list[str],
              remember: str | None, session: str) -> list:
        """The chat with the user's turn (``shown``, escaped) and the answer's messages."""
        chat = list(chat or [])
        chat.append({"role": "user", "content": shown or "（空）"})
        if answer is None:
            chat.append({"role": "assistant", "content": ERROR})
            return chat
        number = len(state["answers"])
        state["answers"].append(_summary(answer, number, history))
        if number >= MAX_ANSWERS:  # the oldest answer's record goes: the state the page sends stays small
            state["answers"][number - MAX_ANSWERS] = None
            state["messages"] = {k: n for k, n in state["messages"].items() if n > number - MAX_ANSWERS}
        state["messages"][str(len(chat))] = number
        chat += answer_messages(answer, number, self.docs, self.pdf_ok, self.titles)
        if remember:
            state["history"] = (state["history"] + [remember])[-max(1, self.bot.settings.max_history):]
        if answer.status == Status.not_found and self.store is not None and answer.question.strip():
            try:
                self.store.unanswered(answer.question, session or "anonymous")
            except KBError as exc:
                log.error("unanswered question not stored: %s", exc)
        return chat


def _summary(answer: Answer, number: int, history: list[str]) -> dict[str, Any]:
    """What the session keeps of an answer: enough to settle its choices, make its
    checklist and store its rating."""
    title = answer.main.title if answer.main is not None else \
        " / ".join(c.title for c in answer.candidates) if answer.candidates else ""
    return {"number": number, "question": answer.question, "history": history, "status": answer.status.value,
            "intent": answer.intent.value if answer.intent else None, "title": title,
            "facts": [f.id for f in answer.facts], "candidates": [c.id for c in answer.candidates]}


def _record(state: dict, number: Any) -> dict | None:
    try:
        return state["answers"][int(number)] if int(number) >= 0 else None
    except (KeyError, IndexError, TypeError, ValueError):
        return None

