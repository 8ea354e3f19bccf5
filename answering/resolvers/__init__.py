"""Answering as an ordered pipeline of small resolvers. Each takes the assistant (facts,
index, grounding, composer) and the turn, and returns an answer or None to pass the turn on.

    input checks → another office named → a numbered fact (措施12, 第十五条) → a topic
    (hours, departments, a definition) → a listed department that publishes no procedures →
    the conversation (follow-ups) → a list question → a turn naming nothing to ask about →
    retrieval (answer, clarify or refuse)

After the pipeline, ``attribute.hold`` holds the answer to what its fact states.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from answering.intent import clean_question, detect_intent
from answering.types import Answer, Intent

if TYPE_CHECKING:
    from answering.assistant import Assistant


@dataclass(frozen=True)
class Turn:
    question: str  # as asked
    q: str  # normalised (clean_question); empty for an over-long question
    intent: Intent
    history: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, question: str, history: list[str], limit: int) -> Turn:
        q = clean_question(question) if len(question) <= limit else ""
        return cls(question, q, detect_intent(q), history)


Resolver = Callable[["Assistant", Turn], "Answer | None"]


def pipeline() -> tuple[Resolver, ...]:
    """The resolvers in the order they are tried."""
    from answering.resolvers import (conversation, inputs, listing, no_subject, numbered, office, retrieval,
                                     silent_department, topics)

    return (inputs.resolve, office.resolve, numbered.resolve, topics.resolve, silent_department.resolve,
            conversation.resolve, listing.resolve, no_subject.resolve, retrieval.resolve)
