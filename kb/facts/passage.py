"""A stretch of prose that answers questions but has no procedure structure."""
from __future__ import annotations

from typing import Any, Literal

from kb.facts.base import FactBase


class Passage(FactBase):
    kind: Literal["passage"] = "passage"
    topic: str | None = None

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.citation.origin == gold.get("doc") and self.title == gold.get("title")
