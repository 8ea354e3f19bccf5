"""A measure of a numbered list of measures (e.g. the 43 measures): number, category, body."""
from __future__ import annotations

from typing import Any, Literal

from kb.facts.base import FactBase
from kb.parse.numbering import int_to_cn


class Measure(FactBase):
    kind: Literal["measure"] = "measure"
    number: int
    category: str
    category_number: int
    body: str

    numbered = True

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

    def about(self) -> str:
        n = self.number
        cn = int_to_cn(n) if n < 100 else str(n)
        return f"第{n}条 第{cn}条 措施{n} 第{n}项措施 {self.citation.title}"

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.number == gold.get("number")


Measure.list_levels = (lambda f: f.category, lambda f: f.title, lambda f: f.body)
