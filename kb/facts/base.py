"""What every fact shares: its citation, its id from content, and the behaviour each kind
supplies — the contract view, the Markdown card, the indexed texts, the fields a list
question filters on, and how a QA gold object names it.

A kind is a subclass in a module of this package with a ``kind`` literal; subclasses
register themselves (``KINDS``), so adding a kind is adding one module.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from kb.parse.numbering import int_to_cn

KINDS: dict[str, type[FactBase]] = {}  # kind name → class, filled as the kind modules load
TITLE_WEIGHT = 3  # the title is indexed this many times so that it weighs more


class Citation(BaseModel):
    """Where a fact comes from: document, section path and original line range."""

    model_config = ConfigDict(frozen=True)

    doc: str  # manifest id
    origin: str  # original file name
    title: str  # document title
    section: str  # e.g. "三、各处室业务环节操作流程 › 综合业务一处 › 四、报关单修撤业务"
    lines: tuple[int, int]  # 1-based, inclusive, in the original file

    def view(self) -> dict[str, Any]:
        return {"doc": self.doc, "origin": self.origin, "title": self.title,
                "section": self.section, "lines": list(self.lines)}

    def line(self) -> str:
        """The citation as the last line of a card."""
        return f"> 来源：{self.title} › {self.section or '正文'}（{self.origin} 第{self.lines[0]}–{self.lines[1]}行）"

    def readable(self, *details: str | None) -> str:
        """The citation as a reader wants it (see ``readable_source``)."""
        return readable_source(self.title, self.section, details)


def readable_source(title: str, section: str | None, details: Iterable[str | None] = ()) -> str:
    """A source as a reader wants it: 来源：《document》› item（details, e.g. issuer, date,
    lines）; without details, no brackets."""
    tail = "，".join(d for d in details if d)
    return f"来源：《{title}》› {section or '正文'}" + (f"（{tail}）" if tail else "")


def stable_id(prefix: str, *parts: str) -> str:
    """An id from content, so it survives rebuilds and reordering: ``svc-3f2a9c01d4``."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


class FactBase(BaseModel):
    model_config = ConfigDict(frozen=False)

    kind: str
    id: str
    title: str
    text: str  # the cleaned source text the fact was read from
    citation: Citation

    # the fields a list question's words are matched against, most specific first
    list_levels: ClassVar[tuple[Callable[[Any], str], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        field = cls.model_fields.get("kind")
        if field is not None and isinstance(field.default, str):
            KINDS[field.default] = cls

    @property
    def section_path(self) -> list[str]:
        return self.citation.section.split(" › ")

    # -- the contract ---------------------------------------------------------------------
    def view(self) -> dict[str, Any]:
        """The fact as the ``facts`` items of the ``kb ask`` contract, plus normalised fields."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "title": self.title,
                               "department": getattr(self, "department", None),
                               "number": getattr(self, "number", None),
                               "time_limit": None, "documents": [], "steps": [],
                               "citation": self.citation.view()}
        out.update(self.extra_view())
        return out

    def extra_view(self) -> dict[str, Any]:
        """Kind-specific fields added to the contract view."""
        return {"topic": getattr(self, "topic", None), "body": self.text}

    # -- what people see ------------------------------------------------------------------
    def card(self) -> str:
        """Markdown: every line from a field, the citation last."""
        return "\n".join([f"#### {self.title}", "", self.text, "", self.citation.line()])

    def list_line(self) -> str:
        """One line of a list answer (without its number)."""
        return f"**{self.title}**"

    def evidence_lines(self) -> list[str]:
        """Lines a list question's words may be shown from (see answering.aggregate)."""
        return [self.text]

    # -- what the index sees --------------------------------------------------------------
    def index_parts(self) -> list[str]:
        """Fields BM25 indexes after the title (kind-specific)."""
        return [self.text]

    def about(self) -> str:
        """Words naming what the fact is that its text lacks (number forms, topic words)."""
        return self.citation.title

    def index_text(self) -> str:
        """The text BM25 indexes; the title repeated so that it weighs more."""
        parts = [self.title] * TITLE_WEIGHT + self.index_parts() + [self.about()]
        return "\n".join(p for p in parts if p)

    def dense_head(self) -> list[str]:
        return [self.title]

    def dense_text(self) -> str:
        """What a fact's vector encodes: its title and key words, the start of its text."""
        return " ".join(h for h in self.dense_head() if h) + "\n" + self.text[:400]

    # -- QA gold --------------------------------------------------------------------------
    def matches_gold(self, gold: dict[str, Any]) -> bool:
        """Whether a QA gold object of this fact's kind names this fact."""
        return False


class NumberedFact(FactBase):
    """A fact people name by its number (第12条, 任务5): the forms they write it in are
    indexed (``aliases``, with {n} and the Chinese numeral {cn}), and a QA gold names it by
    its number."""

    number: int

    aliases: ClassVar[str] = ""

    def about(self) -> str:
        n = self.number
        cn = int_to_cn(n) if n > 0 else str(n)
        return f"{self.aliases.format(n=n, cn=cn)} {self.citation.title}"

    def matches_gold(self, gold: dict[str, Any]) -> bool:
        return self.number == gold.get("number")
