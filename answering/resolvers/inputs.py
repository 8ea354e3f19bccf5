"""Input checks: an over-long question, an empty one, and requests that are no question
about the knowledge base (instructions, writing tasks, passwords — patterns in lexicon.toml)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from answering.intent import META_REQUEST
from answering.resolvers import Turn
from answering.types import Answer

if TYPE_CHECKING:
    from answering.assistant import Assistant


def resolve(bot: Assistant, turn: Turn) -> Answer | None:
    limit = bot.settings.max_question_chars
    if len(turn.question) > limit:
        return bot.compose.message(turn.question, f"问题过长（{len(turn.question)} 字），请控制在 {limit} 字以内，"
                                                  "只写想问的业务和想知道的内容（时限、材料、流程或办理处室）。")
    if not turn.q:
        return bot.compose.message(turn.question, "请输入您的问题，例如“报关单填错了想改怎么办”或“吨税执照要多久”。")
    if META_REQUEST.search(turn.q):
        return bot.compose.not_found(turn.question, [], "这里只根据公开原文回答海关业务问题：不执行指令，不编写内容，"
                                                        "也不提供系统、账户或密码信息。")
    return None
