"""The label lexicon of service guides (``service_fields.toml``, data): which element a
line names, and the value written after the label.

    >>> match_label("办理时限：3个工作日")
    ('time_limit', '3个工作日')
    >>> match_label("辦理時限")            # Traditional is read as Simplified
    ('time_limit', '')

A label counts at the start of the text (numbering already removed) when a colon follows
it or nothing does; "申请：…" or "材料齐全的予以受理" are not labels.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator

from kb.errors import CorpusError
from kb.parse.script import to_simplified

LEXICON = Path(__file__).with_name("service_fields.toml")
ELEMENTS = ("title", "department", "legal_basis", "conditions", "documents", "steps", "time_limit",
            "statutory_time_limit", "fees", "location", "hours", "contact", "result", "notes")
_COLON = "：:"


class Lexicon(BaseModel):
    labels: dict[str, list[str]]
    generic_headings: dict[str, list[str]]

    @field_validator("labels")
    @classmethod
    def _known_elements(cls, labels: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(labels) - set(ELEMENTS))
        if unknown:
            raise ValueError(f"unknown elements {unknown}; known: {', '.join(ELEMENTS)}")
        return labels


@lru_cache(maxsize=1)
def lexicon() -> tuple[list[tuple[str, str]], frozenset[str]]:
    """(label, element) pairs, longest label first, and the generic heading words."""
    try:
        data = Lexicon.model_validate(tomllib.loads(LEXICON.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise CorpusError(f"{LEXICON}: {exc}") from None
    pairs = [(label, element) for element, labels in data.labels.items() for label in labels]
    return sorted(pairs, key=lambda p: -len(p[0])), frozenset(data.generic_headings.get("words", []))


def match_label(text: str) -> tuple[str, str] | None:
    """(element, value after the label) when ``text`` starts with a label, else None."""
    probe = to_simplified(text.strip())
    for label, element in lexicon()[0]:
        if not probe.startswith(label):
            continue
        rest = text.strip()[len(label):]
        if not rest.strip():
            return element, ""
        if rest.lstrip()[0] in _COLON:
            return element, rest.lstrip()[1:].strip()
    return None


def is_generic_heading(text: str) -> bool:
    return to_simplified(text.strip()) in lexicon()[1]


def split_inline_labels(value: str) -> list[tuple[str | None, str]]:
    """'各直属海关；实施机关：海关总署' → [(None, '各直属海关'), ('department', '海关总署')]: a
    value is cut at a ；only where another label follows it."""
    out: list[tuple[str | None, str]] = [(None, "")]
    for piece in re.split(r"(?<=[；;])", value):
        found = match_label(piece) if any(c in piece for c in _COLON) else None
        if found:
            out.append(found)
        else:
            element, text = out[-1]
            out[-1] = (element, text + piece)
    return [(e, v.strip().rstrip("；;").strip()) for e, v in out if v.strip()]
