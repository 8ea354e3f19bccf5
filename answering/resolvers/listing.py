"""List questions over the facts' fields (哪些业务时限是20个工作日, 查检二处负责哪些流程):
answering.aggregate reads the filters; several facts, or any under a named department or
unit, make a list answer with each fact's evidence."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering.aggregate import parse_aggregate
from answering.resolvers import Turn
from answering.types import Answer

if TYPE_CHECKING:
    from answering.assistant import Assistant


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    aggregate = parse_aggregate(turn.q, bot.departments, bot.tokenizer, bot.units, bot.own_names, bot.index.knows)
    if not aggregate:
        return None
    chosen = aggregate.select(bot.facts, bot.tokenizer, bot.index.document_frequency)
    if len(chosen) > 1 or (chosen and (aggregate.department or aggregate.unit)):
        evidence = {f.id: aggregate.evidence(f, bot.tokenizer) for f in chosen}
        return bot.compose.listing(turn.question, aggregate.describe(), chosen, evidence)
    return None
