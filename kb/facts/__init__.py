"""Typed facts parsed from the corpus, each with a citation back to source lines.

Every fact is a pydantic model with a ``kind`` discriminator, so a JSON Lines file of
mixed facts reads back into the right classes (see ``FactAdapter``). Each kind is one
module of this package and owns its behaviour (contract view, card, indexed text, list
fields, gold matching); the modules are found and loaded here, so a new kind is a new
module.

    >>> fact = FactAdapter.validate_json(line)
    >>> fact.kind, fact.citation.lines
    ('service', (91, 107))
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated, Any, Union, cast

from pydantic import Field, TypeAdapter

from kb.facts.base import KINDS, Citation, FactBase, NumberedFact, stable_id
from kb.facts.info import Info
from kb.facts.measure import Measure
from kb.facts.passage import Passage
from kb.facts.plan_task import PlanTask
from kb.facts.provision import Provision
from kb.facts.service import DocumentGroup, Service, TimeLimit, TimeLimitPart, TimeUnit

for _module in pkgutil.iter_modules(__path__):  # a kind added as a module registers itself
    importlib.import_module(f"{__name__}.{_module.name}")

Fact = FactBase  # any fact; narrow with isinstance to a kind
FACT_KINDS = tuple(KINDS)
_ANY_FACT = cast(Any, Annotated)[cast(Any, Union)[tuple(KINDS.values())], Field(discriminator="kind")]
FactAdapter: TypeAdapter[Any] = TypeAdapter(_ANY_FACT)

__all__ = ["FACT_KINDS", "Citation", "DocumentGroup", "Fact", "FactAdapter", "FactBase", "Info", "KINDS",
           "Measure", "NumberedFact", "Passage", "PlanTask", "Provision", "Service", "TimeLimit", "TimeLimitPart", "TimeUnit", "stable_id"]
