"""Typed facts parsed from the corpus, each with a citation back to source lines.

Every fact is a pydantic model with a ``kind`` discriminator, so a JSON Lines file of
mixed facts reads back into the right classes (see ``FactAdapter``).

    >>> fact = FactAdapter.validate_json(line)
    >>> fact.kind, fact.citation.lines
    ('service', (91, 107))
"""
from __future__ import annotations

import hashlib
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class Citation(BaseModel):
    """Where a fact comes from: document, section path and original line range."""

    model_config = ConfigDict(frozen=True)

    doc: str  # manifest id
    origin: str  # original file name
    title: str  # document title
    section: str  # e.g. "三、各处室业务环节操作流程 › 综合业务一处 › 四、报关单修撤业务"
    lines: tuple[int, int]  # 1-based, inclusive, in the original file


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

    def clauses(self) -> list:
        """The normalised clauses to filter on: the parts, or the limit itself when it has none."""
        return list(self.parts) or [self]


class DocumentGroup(BaseModel):
    """Required documents under a sub-heading, e.g. 保金保函征收 (five items)."""

    name: str
    items: list[str]


class _FactBase(BaseModel):
    model_config = ConfigDict(frozen=False)

    id: str
    title: str
    text: str  # the cleaned source text the fact was read from
    citation: Citation

    @property
    def section_path(self) -> list[str]:
        return self.citation.section.split(" › ")


class Service(_FactBase):
    kind: Literal["service"] = "service"
    department: str
    number: int
    steps: list[str] = Field(default_factory=list)
    time_limit: TimeLimit | None = None
    documents: list[str] = Field(default_factory=list)  # flat, in source order
    document_groups: list[DocumentGroup] = Field(default_factory=list)
    documents_raw: str | None = None  # e.g. "无" when the source lists none
    notes: list[str] = Field(default_factory=list)


class Measure(_FactBase):
    kind: Literal["measure"] = "measure"
    number: int
    category: str
    category_number: int
    body: str


class PlanTask(_FactBase):
    kind: Literal["plan_task"] = "plan_task"
    number: int
    section: str
    body: str
    responsible_units: list[str] = Field(default_factory=list)


class Passage(_FactBase):
    """A stretch of prose that answers questions but has no procedure structure."""

    kind: Literal["passage"] = "passage"
    topic: str | None = None


class Info(_FactBase):
    """General information with a fixed topic: overview, working hours, departments ..."""

    kind: Literal["info"] = "info"
    topic: str
    items: list[str] = Field(default_factory=list)
    data: dict[str, list[str] | str] = Field(default_factory=dict)


Fact = Annotated[Union[Service, Measure, PlanTask, Passage, Info], Field(discriminator="kind")]
FactAdapter: TypeAdapter[Fact] = TypeAdapter(Fact)
FACT_KINDS = ("service", "measure", "plan_task", "passage", "info")


def stable_id(prefix: str, *parts: str) -> str:
    """An id from content, so it survives rebuilds and reordering: ``svc-3f2a9c01d4``."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def contract_view(fact: Fact) -> dict:
    """The fact as the ``facts`` items of the ``kb ask`` contract, plus normalised fields."""
    c = fact.citation
    out: dict = {
        "id": fact.id,
        "kind": fact.kind,
        "title": fact.title,
        "department": getattr(fact, "department", None),
        "number": getattr(fact, "number", None),
        "time_limit": None,
        "documents": [],
        "steps": [],
        "citation": {"doc": c.doc, "origin": c.origin, "title": c.title,
                     "section": c.section, "lines": list(c.lines)},
    }
    if isinstance(fact, Service):
        out["time_limit"] = fact.time_limit.raw if fact.time_limit else None
        out["documents"] = list(fact.documents)
        out["steps"] = list(fact.steps)
        out["time_limit_norm"] = fact.time_limit.model_dump(mode="json") if fact.time_limit else None
        out["document_groups"] = [g.model_dump() for g in fact.document_groups]
        out["documents_raw"] = fact.documents_raw
        out["notes"] = list(fact.notes)
    elif isinstance(fact, Measure):
        out.update(category=fact.category, category_number=fact.category_number, body=fact.body)
    elif isinstance(fact, PlanTask):
        out.update(section=fact.section, body=fact.body, responsible_units=list(fact.responsible_units))
    elif isinstance(fact, Info):
        out.update(topic=fact.topic, items=list(fact.items), body=fact.text)
    else:
        out.update(topic=fact.topic, body=fact.text)
    return out
