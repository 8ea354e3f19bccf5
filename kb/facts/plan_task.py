"""A task of a numbered plan: number, section, body, responsible units."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kb.facts.base import NumberedFact


class PlanTask(NumberedFact):
    kind: Literal["plan_task"] = "plan_task"
    section: str
    body: str
    responsible_units: list[str] = Field(default_factory=list)

    aliases = "任务{n} 第{n}项任务 第{cn}项任务"

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



PlanTask.list_levels = (lambda f: f.section, lambda f: f.title, lambda f: f.body)
