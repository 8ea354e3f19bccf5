"""One article (条) of a statute or regulation: its number, chapter and section path, and
text with its paragraphs (款) and items (项); cited as 《short name》第十五条."""
from __future__ import annotations

from typing import Any, Literal

from kb.facts.base import NumberedFact
from kb.parse.numbering import int_to_cn


class Provision(NumberedFact):
    kind: Literal["provision"] = "provision"
    chapter: str | None = None  # 第一章 总则
    section: str | None = None  # 第一节 鼠疫
    body: str
    law: str  # the statute's short name, e.g. 海关稽查条例

    aliases = "第{n}条 第{cn}条"

    @property
    def label(self) -> str:
        """《海关稽查条例》第十五条."""
        return f"《{self.law}》第{int_to_cn(self.number)}条"

    def extra_view(self) -> dict[str, Any]:
        return {"chapter": self.chapter, "section": self.section, "body": self.body, "law": self.law,
                "label": self.label}

    def card(self) -> str:
        path = " › ".join(p for p in (self.chapter, self.section) if p)
        return "\n".join([f"#### {self.label}", *([f"*{path}*"] if path else []), "", self.body, "",
                          self.citation.line()])

    def list_line(self) -> str:
        return f"{self.label} **{self.title}**"

    def evidence_lines(self) -> list[str]:
        return self.body.splitlines()

    def index_parts(self) -> list[str]:
        return [p for p in (self.chapter, self.section, self.body) if p]

    def about(self) -> str:
        return f"{super().about()} {self.law}"

    def dense_head(self) -> list[str]:
        return [self.law, self.title]

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.number == gold.get("number") and self.citation.origin == gold.get("doc", self.citation.origin)


Provision.list_levels = (lambda f: f.chapter or "", lambda f: f.title, lambda f: f.body)

