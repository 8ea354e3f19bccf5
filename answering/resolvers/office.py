"""A question about another customs office (a place name jieba tags, not one of the
offices of the scope) is refused, naming what the knowledge base holds."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering.resolvers import Turn
from answering.types import Answer

if TYPE_CHECKING:
    from answering.assistant import Assistant


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    office = bot.scope.other_office(turn.q, bot.tokenizer)
    if not office:
        return None
    return bot.compose.not_found(turn.question, [], f"本知识库只收录{'、'.join(bot.scope.offices)}公开的内容，"
                                                    f"没有“{office}”的信息。")
