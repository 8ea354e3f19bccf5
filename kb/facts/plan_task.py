"""A task of a numbered plan: number, section, body, responsible units."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kb.facts.base import FactBase
from kb.parse.numbering import int_to_cn


class PlanTask(FactBase):
    kind: Literal["plan_task"] = "plan_task"
    number: int
    section: str
    body: str
    responsible_units: list[str] = Field(default_factory=list)

    numbered = True

    def extra_view(self) -> dict[str, Any]:
        return {"section": self.section, "body": self.body, "responsible_units": list(self.responsible_units)}

    def card(self) -> str:
        return "\n".join([f"#### 任务{self.number}. {self.title}", f"*{self.section}*", "", self.body, "",
                          "**责任单位**：" + "、".join(self.responsible_units), "", self.citation.line()])

    def list_line(self) -> str:
        return f"任务{self.number}. **{self.title}**（{'、'.join(self.responsible_units)}）"

    def evidence_lines(self) -> list[str]:
        return [self.body]

    def index_parts(self) -> list[str]:
        return [self.section, self.body, "、".join(self.responsible_units)]

    def about(self) -> str:
        n = self.number
        cn = int_to_cn(n) if n < 100 else str(n)
        return f"任务{n} 第{n}项任务 第{cn}项任务 {self.citation.title}"

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.number == gold.get("number")


PlanTask.list_levels = (lambda f: f.section, lambda f: f.title, lambda f: f.body)
