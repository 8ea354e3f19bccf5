"""A service (one numbered business of a department in a procedures guide): steps, time
limit (raw and normalised), required documents (flat and in groups), notes."""
from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, Field

from kb.facts.base import FactBase


class TimeUnit(str, Enum):
    working_day = "working_day"
    day = "day"
    hour = "hour"
    minute = "minute"
    immediate = "immediate"  # 即来即办, 随到随办, 工作日内随时办理 ...
    same_day = "same_day"  # 当日办结, 当日办理
    reference = "reference"  # refers to another process's limit (按出证时限)


class TimeLimitPart(BaseModel):
    """One normalised clause of a time limit, e.g. 单据齐全后30个工作日."""

    text: str
    value: float | None = None
    unit: TimeUnit | None = None
    qualifier: str | None = None  # when the clock starts: 单据齐全后, 受理后, 签字后 ...
    condition: str | None = None  # 有问题的除外, 特殊情况可延长30日, 无异常情况 ...
    per: str | None = None  # 票, 证: the limit is per item
    within: bool = False  # "20个工作日内": an upper bound


class TimeLimit(BaseModel):
    """A service's time limit: the source's words plus the normalised parts.

    ``value``/``unit``/``qualifier``/``condition`` repeat the first part so simple
    filters need not look inside ``parts``; ``kind`` says whether there were several
    alternatives (multi_item) or consecutive stages (multi_stage).
    """

    raw: str
    kind: Literal["single", "multi_item", "multi_stage"] = "single"
    value: float | None = None
    unit: TimeUnit | None = None
    qualifier: str | None = None
    condition: str | None = None
    parts: list[TimeLimitPart] = Field(default_factory=list)

    def clauses(self) -> list[TimeLimitPart | TimeLimit]:
        """The normalised clauses to filter on: the parts, or the limit itself when it has none."""
        return list(self.parts) or [self]


class DocumentGroup(BaseModel):
    """Required documents under a sub-heading, e.g. 保金保函征收 (five items)."""

    name: str
    items: list[str]


ELEMENT_NAMES = [("conditions", "受理条件"), ("legal_basis", "设定依据"), ("fees", "收费标准"),
                 ("location", "办理地点"), ("hours", "办理时间"), ("contact", "咨询电话"), ("result", "办理结果")]


class Service(FactBase):
    kind: Literal["service"] = "service"
    department: str
    number: int
    steps: list[str] = Field(default_factory=list)
    time_limit: TimeLimit | None = None
    documents: list[str] = Field(default_factory=list)  # flat, in source order
    document_groups: list[DocumentGroup] = Field(default_factory=list)
    documents_raw: str | None = None  # e.g. "无" when the source lists none
    notes: list[str] = Field(default_factory=list)
    # the national guide template's further elements, where the source states them
    statutory_time_limit: TimeLimit | None = None  # 法定时限 (time_limit is then the promise, 承诺时限)
    legal_basis: str | None = None  # 设定依据
    conditions: str | None = None  # 受理条件
    fees: str | None = None  # 收费标准
    location: str | None = None  # 办理地点
    hours: str | None = None  # 办理时间
    contact: str | None = None  # 咨询电话, 监督电话
    result: str | None = None  # 办理结果

    @property
    def time_limit_text(self) -> str:
        return self.time_limit.raw if self.time_limit else "原文未列明办理时限"

    def limit_matches(self, value: float | None = None, unit: str | None = None) -> bool:
        """Whether one clause of the time limit has this value and/or unit."""
        return self.time_limit is not None and any(
            (unit is None or c.unit == unit) and (value is None or c.value == value)
            for c in self.time_limit.clauses())

    def extra_view(self) -> dict[str, Any]:
        return {"time_limit": self.time_limit.raw if self.time_limit else None,
                "documents": list(self.documents), "steps": list(self.steps),
                "time_limit_norm": self.time_limit.model_dump(mode="json") if self.time_limit else None,
                "document_groups": [g.model_dump() for g in self.document_groups],
                "documents_raw": self.documents_raw, "notes": list(self.notes),
                "statutory_time_limit": self.statutory_time_limit.raw if self.statutory_time_limit else None,
                **{name: getattr(self, name) for name, _ in ELEMENT_NAMES}}

    def card(self) -> str:
        out = [f"#### {self.title} · {self.department}", "", f"**办理时限**：{self.time_limit_text}", ""]
        if self.steps:
            out += ["**作业流程**："] + [f"{i}. {step}" for i, step in enumerate(self.steps, 1)] + [""]
        out.append("**所需单据**：" + ("" if self.documents or not self.documents_raw else self.documents_raw))
        if self.document_groups:
            for g in self.document_groups:
                out.append(f"- {g.name}：")
                out += [f"    - {d}" for d in g.items]
        else:
            out += [f"- {d}" for d in self.documents]
        if self.notes:
            out += ["", "**说明**：" + " ".join(self.notes)]
        if self.statutory_time_limit:
            out.insert(3, f"**法定时限**：{self.statutory_time_limit.raw}")
            out.insert(4, "")
        for name, label in ELEMENT_NAMES:
            if value := getattr(self, name):
                out += ["", f"**{label}**：" + value.replace("\n", "；")]
        return "\n".join(out + ["", self.citation.line()])

    def list_line(self) -> str:
        return f"**{self.title}** · {self.department} · 办理时限：{self.time_limit_text}"

    def evidence_lines(self) -> list[str]:
        return [f"办理时限：{self.time_limit_text}"] + self.steps + self.documents + self.notes

    def index_parts(self) -> list[str]:
        parts = [self.department] * 2 + self.steps + self.documents + self.notes
        parts += [getattr(self, name) or "" for name, _ in ELEMENT_NAMES]
        return parts + [t.raw for t in (self.time_limit, self.statutory_time_limit) if t]

    def about(self) -> str:
        return ""

    def dense_head(self) -> list[str]:
        return [self.title, self.department]

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.department == gold.get("department") and self.title == gold.get("title")


Service.list_levels = (lambda f: f.title,
                       lambda f: "\n".join([f.time_limit_text] + f.steps + f.documents + f.notes))
