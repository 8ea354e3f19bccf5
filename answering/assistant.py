"""Answer a question from the facts: intent, resolution (answer / clarify / refuse),
follow-ups against earlier turns, and the Markdown answer with its card.

    >>> bot = Assistant.load()
    >>> bot.ask("报关单填错了想改，要多久").status
    <Status.answered: 'answered'>

Retrieval is indexer.search (bm25, dense or hybrid). The thresholds below are first
guesses, not yet calibrated on the dev QA set. Does not handle: questions naming two
services, negation.
"""
from __future__ import annotations

import re
import time

from answering.cards import fact_card, lead_sentence
from answering.intent import DEPARTMENTS, MEASURE_NO, OVERVIEW, TASK_NO, WORKING_HOURS, detect_intent
from answering.types import Answer, Status
from indexer.search import SearchIndex
from indexer.tokenize import normalize
from kb.parse.numbering import cn_to_int
from kb.schema import contract_view

MAX_QUESTION_CHARS = 500
MIN_SCORE = 12.0  # below this BM25 score (and MIN_COSINE) nothing fits: refuse
MIN_COSINE = 0.86
CLARIFY_RATIO = 0.92  # a second service this close to the first makes the question ambiguous
FOLLOWUP_MAX_CHARS = 10
CONTRAST = [("进口", "出口"), ("入境", "出境"), ("征收", "退还"), ("查验", "检验")]


class Assistant:
    def __init__(self, facts: list, index: SearchIndex, mode: str = "hybrid"):
        self.facts = facts
        self.by_id = {f.id: f for f in facts}
        self.numbered = {(f.kind, f.number): f for f in facts if f.kind in ("measure", "plan_task")}
        self.info = {f.topic: f for f in facts if f.kind == "info"}
        self.index, self.mode = index, mode
        self.departments = sorted({f.department for f in facts if f.kind == "service"}, key=len, reverse=True)

    @classmethod
    def load(cls, facts: list | None = None, mode: str = "hybrid", log=lambda msg: None) -> Assistant:
        """Facts and index from the build directory, (re)built there when stale."""
        from indexer.store import open_index

        if facts is None:
            from kb.build import ensure_facts

            facts, _ = ensure_facts(log=log)
        return cls(facts, open_index(facts, log=log, dense_now=mode != "bm25"), mode)

    # -- public -------------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        t0 = time.perf_counter()
        answer = self._ask(question if isinstance(question, str) else "", list(history or []))
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    # -- resolution ---------------------------------------------------------------------
    def _ask(self, question: str, history: list[str]) -> Answer:
        q = normalize(" ".join(question.split()))
        if not q:
            return self._message(question, "请输入您的问题，例如“报关单填错了想改怎么办”。")
        if len(question) > MAX_QUESTION_CHARS:
            return self._message(question, f"问题过长（{len(question)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。")
        intent = detect_intent(q)
        direct = self._direct(q)
        if direct is not None:
            return self._answer(question, direct.kind, [direct], [])
        if history and self._is_followup(q):
            return self._followup(question, q, intent, history)
        return self._retrieve(question, q, intent)

    def _direct(self, q: str):
        """Questions answered by a field, not by similarity: numbers, hours, departments."""
        m = MEASURE_NO.search(q)
        if m and ("措施" in q or "条" in q):
            return self.numbered.get(("measure", _num(m.group(1) or m.group(2))))
        m = TASK_NO.search(q)
        if m:
            return self.numbered.get(("plan_task", _num(m.group(1) or m.group(2))))
        for pattern, topic in ((WORKING_HOURS, "working_hours"), (DEPARTMENTS, "departments"), (OVERVIEW, "overview")):
            if pattern.search(q):
                return self.info.get(topic)
        return None

    def _is_followup(self, q: str) -> bool:
        return len(q) <= FOLLOWUP_MAX_CHARS or q.startswith(("那", "这个", "它")) or q.endswith("呢")

    def _followup(self, question: str, q: str, intent: str, history: list[str]) -> Answer:
        prev = normalize(history[-1])
        if re.search(r"下一[条项个]", q):
            before = self._ask(history[-1], history[:-1])
            if before.facts and before.facts[0]["kind"] in ("measure", "plan_task"):
                kind, n = before.facts[0]["kind"], before.facts[0]["number"] + 1
                nxt = self.numbered.get((kind, n))
                if nxt:
                    return self._answer(question, kind, [nxt], [])
        for a, b in CONTRAST:
            if b in q and a in prev:
                prev = prev.replace(a, b)
            elif a in q and b in prev:
                prev = prev.replace(b, a)
        dept = next((d for d in self.departments if d in q), None)
        prev_intent = detect_intent(prev)
        intent = intent if intent != "lookup" else prev_intent
        return self._retrieve(question, prev + " " + q, intent, department=dept)

    def _retrieve(self, question: str, q: str, intent: str, department: str | None = None) -> Answer:
        hits = self.index.search(q, k=20, mode=self.mode)
        dept = department or next((d for d in self.departments if d in q), None)
        if dept:
            hits = [h for h in hits if (h.department or dept) == dept] or hits
        retrieved = [h.id for h in hits]
        best_bm25 = max((h.bm25_score or 0.0 for h in hits), default=0.0)
        best_cos = max((h.dense_score or 0.0 for h in hits), default=0.0)
        if not hits or (best_bm25 < MIN_SCORE and best_cos < MIN_COSINE):
            return self._not_found(question, retrieved)
        first, top = self.by_id[hits[0].id], hits[0].score
        close = [self.by_id[h.id] for h in hits[1:6]
                 if h.score >= top * CLARIFY_RATIO or self.by_id[h.id].title == first.title]
        close_services = [f for f in close if f.kind == "service"]
        if first.kind == "service" and close_services and not dept:
            answer = self._clarify(question, intent, [first] + close_services)
        else:
            answer = self._answer(question, intent, [first], [])
        answer.retrieved = retrieved
        return answer

    # -- composing ----------------------------------------------------------------------
    def _answer(self, question: str, intent: str, facts: list, candidates: list) -> Answer:
        main = facts[0]
        lead = lead_sentence(main, intent)
        text = "\n\n".join(x for x in (lead, fact_card(main)) if x)
        return Answer(question=question, status=Status.answered, intent=intent, answer=text,
                      facts=[contract_view(f) for f in facts], candidates=[contract_view(c) for c in candidates])

    def _clarify(self, question: str, intent: str, candidates: list) -> Answer:
        lines = ["您问的可能是以下几项业务之一，请问是哪一项？", ""]
        lines += [f"{i}. **{c.title}**（{getattr(c, 'department', '') or c.citation.title}）"
                  for i, c in enumerate(candidates, 1)]
        return Answer(question=question, status=Status.clarify, intent=intent, answer="\n".join(lines),
                      candidates=[contract_view(c) for c in candidates])

    def _not_found(self, question: str, retrieved: list[str]) -> Answer:
        text = ("知识库中没有找到能回答这个问题的内容。本知识库收录：大窑湾海关各处室的业务办理流程、时限和所需单据，"
                "大连海关43项惠企措施，大连市口岸营商环境实施方案（2022-2024）的30项任务，"
                "关检合作“三个一”试点通知，以及“出口运抵删除”线上办理的介绍。")
        return Answer(question=question, status=Status.not_found, intent=None, answer=text, retrieved=retrieved)

    def _message(self, question: str, text: str) -> Answer:
        return Answer(question=question, status=Status.not_found, intent=None, answer=text)


def _num(raw: str) -> int:
    return int(raw) if raw.isdigit() else cn_to_int(raw)
