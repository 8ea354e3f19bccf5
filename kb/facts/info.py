"""General information with a fixed topic: overview, working hours, departments …"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kb.facts.base import FactBase

# words people use for a topic that the source states without naming it
TOPIC_WORDS = {
    "overview": "概况 简介 基本情况 职能 职责 管辖范围",
    "working_hours": "工作时间 办公时间 上班时间 下班 几点 周一至周五",
    "departments": "内设机构 处室 部门 科室 有哪些处",
    "doc_number": "文号 发文字号 文件编号",
    "definition": "定义 含义 是什么意思 指的是",
    "parts": "三个一 包括哪些 哪三个 具体作业方式",
    "plan_goals": "主要目标 目标 指标",
}


class Info(FactBase):
    kind: Literal["info"] = "info"
    topic: str
    items: list[str] = Field(default_factory=list)
    data: dict[str, list[str] | str] = Field(default_factory=dict)

    def extra_view(self) -> dict[str, Any]:
        return {"topic": self.topic, "items": list(self.items), "body": self.text}

    def about(self) -> str:
        return " ".join(p for p in (TOPIC_WORDS.get(self.topic, ""), self.citation.title) if p)

    def dense_head(self) -> list[str]:
        return [self.title, TOPIC_WORDS.get(self.topic, "")]

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.topic == gold.get("topic") and ("title" not in gold or self.title == gold["title"])
