"""Read a QA set (the QA-set contract of the design notes) and resolve its gold facts.

    >>> items, problems = load_qa(Path("evals/qa_dev.jsonl"), facts)
    >>> problems  # [(line number, message), …] for lines that were skipped

Every problem names its line; nothing raises on bad input except an unreadable file.
Gold forms accepted (the contract's, plus two compatible extensions marked *):
  service {kind, department, title} · measure / plan_task {kind, number}
  article {kind: "article", doc: origin file} (any fact of that document)
  info {kind: "info", topic[, title*]} · passage* {kind: "passage", doc, title}
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import KBError
from kb.facts import Fact

TYPES = ("time_limit", "documents", "steps", "department", "overview", "measure", "measure_number",
         "plan_task", "article", "general", "aggregate", "ambiguous", "out_of_scope", "followup")
EXPECT_KEYS = ("time_limit_contains", "documents_contains", "steps_contains", "answer_contains", "refuse")


class QAFileError(KBError):
    """The QA file cannot be read at all."""


@dataclass
class QAItem:
    id: str
    question: str
    type: str
    line: int
    history: list[str] = field(default_factory=list)
    gold: dict | None = None
    gold_set: list[dict] | None = None
    expect: dict = field(default_factory=dict)
    gold_ids: list[str] = field(default_factory=list)  # facts the gold resolves to
    gold_set_ids: list[list[str]] = field(default_factory=list)  # one list per gold_set entry


def resolve_gold(gold: dict, facts: list[Fact]) -> list[str]:
    """Ids of the facts a gold object names (empty when none)."""
    kind = gold.get("kind")
    if kind == "article":  # a whole document (the news-article genre), not a fact kind
        return [f.id for f in facts if f.citation.origin == gold.get("doc")]
    return [f.id for f in facts if f.kind == kind and f.matches_gold(gold)]


def _check_gold(gold: dict, facts: list[Fact]) -> tuple[list[str], str | None]:
    if not isinstance(gold, dict):
        return [], "gold must be an object"
    ids = resolve_gold(gold, facts)
    if not ids:
        return [], f"gold {json.dumps(gold, ensure_ascii=False)} matches no fact"
    if gold.get("kind") != "article" and len(ids) > 1:
        return [], f"gold {json.dumps(gold, ensure_ascii=False)} matches {len(ids)} facts, not one"
    return ids, None


def parse_item(obj: dict, line: int, facts: list[Fact]) -> tuple[QAItem | None, str | None]:
    if not isinstance(obj, dict):
        return None, "not a JSON object"
    missing = [k for k in ("id", "question", "type") if k not in obj]
    if missing:
        return None, f"missing {', '.join(missing)}"
    if obj["type"] not in TYPES:
        return None, f"unknown type {obj['type']!r} (one of {', '.join(TYPES)})"
    if not isinstance(obj["question"], str):
        return None, "question must be a string"
    history = obj.get("history") or []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        return None, "history must be a list of strings"
    expect = obj.get("expect") or {}
    unknown = [k for k in expect if k not in EXPECT_KEYS]
    if not isinstance(expect, dict) or unknown:
        return None, f"unknown expect keys {unknown}"
    item = QAItem(id=str(obj["id"]), question=obj["question"], type=obj["type"], line=line,
                  history=history, gold=obj.get("gold"), gold_set=obj.get("gold_set"), expect=expect)
    if item.type == "out_of_scope":
        if item.gold is not None:
            return None, "out_of_scope questions have gold null"
        return item, None
    if item.gold is not None:
        item.gold_ids, err = _check_gold(item.gold, facts)
        if err:
            return None, err
    if item.gold_set is not None:
        if not isinstance(item.gold_set, list) or not item.gold_set:
            return None, "gold_set must be a non-empty list"
        for g in item.gold_set:
            ids, err = _check_gold(g, facts)
            if err:
                return None, "gold_set: " + err
            item.gold_set_ids.append(ids)
    if item.gold is None and item.gold_set is None:
        return None, "no gold (only out_of_scope questions may have none)"
    if item.type in ("aggregate", "ambiguous") and item.gold_set is None:
        return None, f"{item.type} questions list their facts in gold_set"
    return item, None


def load_qa(path: Path, facts: list[Fact]) -> tuple[list[QAItem], list[tuple[int, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QAFileError(f"no QA file at {path}") from None
    except UnicodeDecodeError as exc:
        raise QAFileError(f"{path} is not UTF-8 (byte {exc.start})") from None
    items, problems, seen = [], [], set()
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append((n, f"bad JSON: {exc.msg} at column {exc.colno}"))
            continue
        item, err = parse_item(obj, n, facts)
        if item is None:
            problems.append((n, err or "unreadable"))
            continue
        if item.id in seen:
            problems.append((n, f"duplicate id {item.id!r}"))
            continue
        seen.add(item.id)
        items.append(item)
    return items, problems
