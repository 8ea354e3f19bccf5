"""The one record every front end consumes: the CLI, the web app and the evaluator.

``Answer`` carries typed facts; ``contract()`` turns it into the `kb ask` contract JSON
of the design notes (question, status, intent, answer, facts, candidates; extra fields
only extend it) at the boundary — `kb ask --json`, `/ask`, the QA runner's reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from kb.facts import Fact


class Status(str, Enum):
    answered = "answered"
    clarify = "clarify"  # several facts fit: `candidates` lists them
    not_found = "not_found"  # nothing in the knowledge base answers it; `facts` is empty


class Intent(str, Enum):
    """What a question asks for."""

    lookup = "lookup"  # about a thing, nothing more specific
    time_limit = "time_limit"
    documents = "documents"
    steps = "steps"
    department = "department"
    checklist = "checklist"
    aggregate = "aggregate"  # a list of facts meeting filters
    measure = "measure"  # a measure or task by number (follow-ups: 下一条)
    plan_task = "plan_task"
    provision = "provision"  # an article of a statute


SERVICE_INTENTS = (Intent.time_limit, Intent.documents, Intent.steps, Intent.department, Intent.checklist)


@dataclass
class Answer:
    question: str
    status: Status
    answer: str  # Markdown shown to the user
    intent: Intent | None = None
    facts: list[Fact] = field(default_factory=list)  # main first
    candidates: list[Fact] = field(default_factory=list)  # for a clarification
    retrieved: list[str] = field(default_factory=list)  # ranked fact ids the answer chose from
    latency_ms: float | None = None

    @property
    def main(self) -> Fact | None:
        """The fact the answer is about (None for a clarification or a refusal)."""
        return self.facts[0] if self.facts else None

    def contract(self) -> dict[str, Any]:
        return {"question": self.question, "status": self.status.value,
                "intent": self.intent.value if self.intent else None, "answer": self.answer,
                "facts": [f.view() for f in self.facts], "candidates": [c.view() for c in self.candidates],
                "retrieved": list(self.retrieved), "latency_ms": self.latency_ms}
