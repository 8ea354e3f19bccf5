"""The Markdown of every kind of answer, from facts only: an answer with its card, a list,
a clarification that says what tells the choices apart, and the refusals (with the nearest
covered topics as suggestions, never as the answer).

    >>> Composer(scope).not_found("完税价格含不含运费", [], "知识库中没有关于“运费”的内容。")
"""
from __future__ import annotations

from answering.cards import lead_sentence, list_card
from answering.scope import Scope
from answering.types import Answer, Intent, Status
from indexer.search import Hit
from kb.facts import Fact, Service

COVERS_NOT = "知识库中没有找到能回答这个问题的内容。"
CLARIFY_PROMPT = "您问的可能是以下几项业务之一，请问是哪一项？（可以回复处室名称或业务名称）"


class Composer:
    def __init__(self, scope: Scope):
        self.scope = scope

    def answer(self, question: str, intent: Intent, facts: list[Fact]) -> Answer:
        main = facts[0]
        parts = [lead_sentence(main, intent), main.card()]
        if len(facts) > 1:
            parts.append("**同一文件中的相关段落**")
            parts += [f.card() for f in facts[1:]]
        return Answer(question=question, status=Status.answered, intent=intent,
                      answer="\n\n".join(p for p in parts if p), facts=list(facts))

    def side_by_side(self, question: str, intent: Intent, facts: list[Fact], lead: str) -> Answer:
        """Several facts' cards one after another under ``lead`` (a comparison the source does
        not make itself)."""
        parts = [lead] + [f.card() for f in facts]
        return Answer(question=question, status=Status.answered, intent=intent, answer="\n\n".join(parts),
                      facts=list(facts))

    def listing(self, question: str, described: str, facts: list[Fact], evidence: dict[str, str | None]) -> Answer:
        return Answer(question=question, status=Status.answered, intent=Intent.aggregate,
                      answer=list_card(described, facts, evidence), facts=list(facts))

    def clarify(self, question: str, intent: Intent, candidates: list[Fact], prompt: str = CLARIFY_PROMPT) -> Answer:
        lines = [prompt, ""]
        for i, c in enumerate(candidates, 1):
            where = getattr(c, "department", "") or c.citation.title
            apart = _apart(c, candidates)
            lines.append(f"{i}. **{c.title}**（{where}）" + (f"：{apart}" if apart else ""))
        by_department = any(getattr(c, "department", None) for c in candidates)
        lines += ["", "可以回复“第一个”“第二个”，或" + ("处室、业务名称。" if by_department else "文件名称。")]
        return Answer(question=question, status=Status.clarify, intent=intent, answer="\n".join(lines),
                      candidates=list(candidates))

    def not_found(self, question: str, retrieved: list[str], reason: str = COVERS_NOT,
                  suggest: list[Fact] | None = None) -> Answer:
        """Nothing answers: the reason, the nearest covered topics as suggestions (never as
        the answer), and what the knowledge base covers."""
        parts = [reason]
        if suggest:
            parts.append("相近的内容（仅供参考，可以换个问法问这些）：\n" + "\n".join(
                f"- {f.title}（{getattr(f, 'department', '') or f.citation.title}）" for f in suggest))
        parts.append(self.scope.coverage)
        return Answer(question=question, status=Status.not_found, intent=None, answer="\n\n".join(parts),
                      retrieved=retrieved)

    def unmentioned(self, question: str, retrieved: list[str], unknown: list[str], near: list[Fact]) -> Answer:
        """Not found: the question is about something no document mentions."""
        return self.not_found(question, retrieved, f"知识库中没有关于“{'、'.join(unknown[:3])}”的内容。",
                              suggest=near)

    def not_found_latin(self, question: str, retrieved: list[str], hits: list[Hit], by_id: dict[str, Fact]) -> Answer:
        """Not found, plus the nearest titles by the encoder: the sources are Chinese."""
        answer = self.not_found(question, retrieved)
        near = sorted((h for h in hits if h.dense_rank), key=lambda h: h.dense_rank or 0)[:3]
        if near:
            answer.answer += ("\n\nThe knowledge base is in Chinese and has no confident match for this question. "
                              "Nearest topics (最接近的内容), for reference only:\n"
                              + "\n".join(f"- {h.title}（{h.department or by_id[h.id].citation.title}）"
                                           for h in near))
        return answer

    @staticmethod
    def message(question: str, text: str) -> Answer:
        return Answer(question=question, status=Status.not_found, intent=None, answer=text)


def _apart(fact: Fact, candidates: list[Fact]) -> str:
    """What tells a candidate apart from the others: a time limit of its own, when the
    titles (or departments) alone do not."""
    same_title = sum(1 for c in candidates if c.title == fact.title) > 1
    limits = {getattr(c, "time_limit_text", None) for c in candidates}
    if isinstance(fact, Service) and (same_title or len(limits) > 1):
        return f"办理时限{fact.time_limit_text}"
    return ""
