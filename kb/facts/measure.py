"""A measure of a numbered list of measures (e.g. the 43 measures): number, category, body."""
from __future__ import annotations

from typing import Any, Literal

from kb.facts.base import NumberedFact


class Measure(NumberedFact):
    kind: Literal["measure"] = "measure"
    category: str
    category_number: int
    body: str

    aliases = "第{n}条 第{cn}条 措施{n} 第{n}项措施"

    def extra_view(self) -> dict[str, Any]:
        return {"category": self.category, "category_number": self.category_number, "body": self.body}

    def card(self) -> str:
        return "\n".join([f"#### 第{self.number}条 {self.title}", f"*{self.category}*", "", self.body,
                          "", self.citation.line()])

    def list_line(self) -> str:
        return f"第{self.number}条 **{self.title}**"

    def evidence_lines(self) -> list[str]:
        return [self.body]

    def index_parts(self) -> list[str]:
        return [self.category, self.body]



Measure.list_levels = (lambda f: f.category, lambda f: f.title, lambda f: f.body)
