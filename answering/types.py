"""The one record every front end consumes: the CLI, the web app and the evaluator.

Its JSON is the `kb ask` contract of the design notes (question, status, intent,
answer, facts, candidates); extra fields only extend it.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, Field


class Status(str, Enum):
    answered = "answered"
    clarify = "clarify"  # several facts fit: `candidates` lists them
    not_found = "not_found"  # nothing in the knowledge base answers it; `facts` is empty


class Answer(BaseModel):
    question: str
    status: Status
    intent: str | None = None
    answer: str  # Markdown shown to the user
    facts: list[dict[str, Any]] = Field(default_factory=list)  # contract fact views, main first
    candidates: list[dict[str, Any]] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list)  # ranked fact ids the answer chose from
    latency_ms: float | None = None

    def contract(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
