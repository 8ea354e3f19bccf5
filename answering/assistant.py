"""Answer a question from the facts: intent, resolution (answer / clarify / refuse),
follow-ups against earlier turns, list questions, and the Markdown answer with its card.

    >>> bot = Assistant.load()
    >>> bot.ask("报关单填错了想改，要多久").status
    <Status.answered: 'answered'>

Order of resolution: input checks → another customs office named (refuse) → a fact
named by number or topic (measure 12, task 5, opening hours …) → a follow-up of the
conversation → a list question over fields (answering.aggregate) → retrieval, which
answers, asks which (clarify) or refuses. The thresholds are calibrated on
evals/qa_dev.jsonl (see the README) and checked on the holdout set.
Does not handle: questions naming two services at once, negation.
"""
from __future__ import annotations

import re
import time

from answering import followup
from answering.aggregate import LIST_WORDS, parse_aggregate
from answering.cards import lead_sentence, list_card
from answering.intent import (
    DEFINITION,
    DEPARTMENTS,
    DOC_NUMBER,
    MEASURE_NO,
    META_REQUEST,
    OVERVIEW,
    PARTS,
    QUESTION_WORDS,
    TASK_NO,
    WORKING_HOURS,
    clean_question,
    detect_intent,
)
from answering.grounding import Grounding, word_in
from answering.lexicon import LEXICON
from answering.scope import Scope
from answering.types import SERVICE_INTENTS, Answer, Intent, Status
from indexer.search import Hit, Mode, SearchIndex
from indexer.tokenize import STOP_WORDS, SYNONYMS, normalize
from kb.errors import KBError
from kb.facts import Fact, Info, NumberedFact, Service
from kb.parse.numbering import to_int
from kb.settings import Settings, get_settings

COVERS_NOT = "知识库中没有找到能回答这个问题的内容。"
GENERIC_TITLES = 3  # a word in this many service titles is a generic subject (备案)


class Assistant:
    """Answers questions from facts through a search index; thresholds from ``settings``.

    Refusal (calibrated on the dev set): a Chinese question fits when its best BM25 score
    reaches ``min_score`` or the top fact covers ``min_coverage`` of its content words; a
    question in Latin script (no BM25 overlap with the Chinese sources) when the best
    cosine reaches ``min_cosine_latin``.
    """

    def __init__(self, facts: list[Fact], index: SearchIndex, mode: Mode | str = Mode.hybrid,
                 settings: Settings | None = None, scope: Scope | None = None):
        self.facts = facts
        self.scope = scope or Scope.of([], facts)
        self.settings = settings or get_settings()
        self.by_id = {f.id: f for f in facts}
        # numbered facts by (kind, document, number): measures, plan tasks, statute articles
        self.numbered = {(f.kind, f.citation.doc, f.number): f for f in facts if isinstance(f, NumberedFact)}
        self.doc_names = _document_names(facts)
        self.info = {(f.topic, f.title): f for f in facts if isinstance(f, Info)}
        self.services = [f for f in facts if isinstance(f, Service)]
        self.index, self.mode = index, Mode(mode)
        self.tokenizer = index.tokenizer
        self.departments = sorted({f.department for f in self.services}, key=len, reverse=True)
        self.units = sorted({u for f in facts for u in getattr(f, "responsible_units", [])}, key=len, reverse=True)
        self.domain_words = set(self.tokenizer.words) | set(SYNONYMS)
        self.own_names = frozenset(w for office in self.scope.offices for w in self.tokenizer.words_of(office))
        self.words = Grounding(index, self.by_id, self.settings, self.own_names)

    @classmethod
    def load(cls, facts: list[Fact] | None = None, mode: Mode | str = Mode.hybrid) -> Assistant:
        """Facts and index from the build directory, (re)built there when stale."""
        from indexer.store import open_index

        from kb.build import ensure_facts, load_manifest, manifest_options

        if facts is None:
            facts, _ = ensure_facts()
        settings = get_settings()
        scope = Scope.of(load_manifest(settings.corpus_dir), facts, **manifest_options(settings.corpus_dir))
        return cls(facts, open_index(facts, dense_now=Mode(mode) != Mode.bm25), mode, settings, scope)

    # -- public -------------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """Never raises for any text: bad input gets a not_found answer with a message."""
        t0 = time.perf_counter()
        question = question if isinstance(question, str) else ""
        history = [h for h in (history or []) if isinstance(h, str) and h.strip()][-self.settings.max_history:]
        if not self.settings.max_history:
            history = []
        answer = self._ask(question, history)
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def choose(self, fact_id: str, question: str, intent: Intent | None = None) -> Answer:
        """The answer once a clarification is settled: ``fact_id`` picked among the
        candidates, for the question that was asked (its intent kept)."""
        fact = self.by_id.get(fact_id)
        if fact is None:
            return self._message(question, "这个选项已不在知识库中，请重新提问。")
        return self._answer(question, intent or detect_intent(clean_question(question)), [fact])

    def services_named(self, names: list[str], department: str | None = None) -> list[Service]:
        """Services for a checklist: each name is a title (exact, or as a question the
        retrieval answers with one service). Raises KBError naming the choices otherwise."""
        out = []
        for name in names:
            title = clean_question(name)
            exact = [f for f in self.services if normalize(f.title) == title
                     and (department is None or f.department == department)]
            if len(exact) == 1:
                out.append(exact[0])
                continue
            if len(exact) > 1:
                raise KBError(f"“{name}” is a service of {'、'.join(f.department for f in exact)}; "
                              "name the department (--department)")
            answer = self._retrieve(name, title, Intent.checklist, department=department)
            if answer.status == Status.answered and isinstance(answer.main, Service):
                out.append(answer.main)
            elif answer.status == Status.clarify:
                choices = "；".join(f"{c.title}（{getattr(c, 'department', '')}）" for c in answer.candidates)
                raise KBError(f"“{name}” fits several services: {choices}; give the full title")
            else:
                raise KBError(f"no service matches “{name}”; `kb facts --kind service` lists them")
        return out

    # -- resolution ---------------------------------------------------------------------
    def _ask(self, question: str, history: list[str]) -> Answer:
        """Resolve the question, then hold the answer to what its fact states: a question
        about an attribute (fees, contact, validity …) the fact does not state is refused,
        naming what the source does not publish."""
        answer = self._resolve(question, history)
        if answer.status == Status.not_found or answer.intent == Intent.aggregate:
            return answer
        q = clean_question(question)
        attribute = LEXICON.asked_attribute(q)
        if attribute is None:
            return answer
        facts = answer.facts or answer.candidates
        stating = [f for f in facts if attribute.stated_by(f)]
        if stating and answer.facts:
            return answer
        if len(stating) > 1:  # a clarification narrowed to the candidates that state it
            return self._clarify(question, answer.intent or Intent.lookup, stating)
        if stating:
            return self._answer(question, answer.intent or Intent.lookup, stating)
        what = "、".join(dict.fromkeys(f"“{f.title}”" for f in facts[:3]))
        return self._not_found(question, answer.retrieved or [f.id for f in facts],
                               f"原文没有公布{what}的{attribute.label}，知识库中没有这方面的内容。",
                               suggest=facts[:3])

    def _resolve(self, question: str, history: list[str]) -> Answer:
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return self._message(question, f"问题过长（{len(question)} 字），请控制在 {limit} 字以内，"
                                           "只写想问的业务和想知道的内容（时限、材料、流程或办理处室）。")
        q = clean_question(question)
        if not q:
            return self._message(question, "请输入您的问题，例如“报关单填错了想改怎么办”或“吨税执照要多久”。")
        if META_REQUEST.search(q):
            return self._not_found(question, [], "这里只根据公开原文回答海关业务问题：不执行指令，不编写内容，"
                                                 "也不提供系统、账户或密码信息。")
        intent = detect_intent(q)
        office = self.scope.other_office(q, self.tokenizer)
        if office:
            return self._not_found(question, [], f"本知识库只收录{'、'.join(self.scope.offices)}公开的内容，"
                                                 f"没有“{office}”的信息。")
        numbered = self._numbered(question, q, intent, history)
        if numbered is not None:
            return numbered
        direct = self._direct(q)
        if direct is not None:
            unknown = self.words.unknown_subject(q)
            if unknown:  # 天津新港海关几点上班: the hours of a place no document is about
                return self._unmentioned(question, [], unknown, [direct])
            return self._answer(question, intent, [direct])
        if history and followup.looks_like_followup(q):
            # a complete question (a subject of its own, no word referring back) is answered on
            # its own; the conversation is read only for turns that need it, or when the
            # turn alone finds no answer
            alone = None
            subject = self._subject_words(q)
            if (subject or LIST_WORDS.search(q)) and not followup.refers_back(q):
                alone = self._ask(question, [])
                if alone.status == Status.answered and not self._generic(subject):
                    return alone
            answer = self._followup(question, q, intent, history)
            if answer is not None and self._context_fits(answer, alone, history[-1]):
                return self._with_context(answer)
            if alone is not None:
                return alone
        aggregate = parse_aggregate(q, self.departments, self.tokenizer, self.units, self.own_names)
        if aggregate:
            chosen = aggregate.select(self.facts, self.tokenizer)
            if len(chosen) > 1 or (chosen and (aggregate.department or aggregate.unit)):
                evidence = {f.id: aggregate.evidence(f, self.tokenizer) for f in chosen}
                return self._list(question, aggregate.describe(), chosen, evidence)
        return self._retrieve(question, q, intent)

    def _numbered(self, question: str, q: str, intent: Intent, history: list[str]) -> Answer | None:
        """第十五条, 措施12, 任务5: the numbered fact of the document the question names, or
        of the document the conversation is about, or the only document with that number;
        when several documents have it, the user is asked which."""
        kinds: tuple[str, ...]
        if m := TASK_NO.search(q):
            kinds = ("plan_task",)
        elif (m := MEASURE_NO.search(q)) and re.search(r"措施|条|measure", q):
            kinds = ("measure",) if re.search(r"措施|measure", q) else ("measure", "provision")
        else:
            return None
        n = to_int(next(g for g in m.groups() if g))
        found: list[Fact] = [f for (kind, _, number), f in self.numbered.items() if kind in kinds and number == n]
        if len(found) > 1:
            named = self._docs_named(q[:m.start()])
            found = [f for f in found if f.citation.doc in named] or found
        if len(found) > 1 and history:
            earlier = self._ask(history[-1], history[:-1])
            talked = {f.citation.doc for f in earlier.facts + earlier.candidates}
            found = [f for f in found if f.citation.doc in talked] or found
        if not found:
            return None
        if len(found) == 1:
            return self._answer(question, intent, found)
        return self._clarify(question, intent, found,
                             prompt=f"有{len(found)}个文件都有第{n}条，请问是哪一个文件的？（可以回复文件名称）")

    def _docs_named(self, text: str, anywhere: bool = False) -> set[str]:
        """Documents whose title, short name or alias ``text`` names: the longest ending of
        ``text`` (two or more characters) found in a name — or, ``anywhere``, the longest
        piece of three or more characters anywhere in it."""
        text = re.sub(r'[《》〈〉“”"\s]', "", text)
        if anywhere:
            pieces = [text[i:i + size] for size in range(len(text), 2, -1) for i in range(len(text) - size + 1)]
        else:
            pieces = [text[i:] for i in range(max(0, len(text) - 16), len(text) - 1)]
        for piece in pieces:
            docs = {doc for doc, names in self.doc_names.items() if any(piece in name for name in names)}
            if docs:
                return docs
        return set()

    def _direct(self, q: str) -> Fact | None:
        """Questions answered by a field, not by similarity: hours, departments …"""
        for pattern, topic in ((WORKING_HOURS, "working_hours"), (DEPARTMENTS, "departments"),
                               (OVERVIEW, "overview"), (DOC_NUMBER, "doc_number"), (PARTS, "parts")):
            if pattern.search(q):
                found = [f for (t, _), f in self.info.items() if t == topic]
                if found:
                    return found[0]
        for (topic, title), fact in self.info.items():
            if topic == "definition" and (q == normalize(title) or (normalize(title) in q and DEFINITION.search(q))):
                return fact
        return None

    def _followup(self, question: str, q: str, intent: Intent, history: list[str]) -> Answer | None:
        before = self._ask(history[-1], history[:-1])
        prev_q = clean_question(history[-1])
        main = before.main
        if isinstance(main, NumberedFact):
            n = followup.numbered_shift(q, main.number)
            key = (main.kind, main.citation.doc, n)
            if n is not None and key in self.numbered:
                return self._answer(question, Intent(main.kind), [self.numbered[key]])
        intent = intent if intent != Intent.lookup else (before.intent or Intent.lookup)
        if before.status == Status.clarify and (n := followup.ordinal(q)) and 0 < n <= len(before.candidates):
            return self._answer(question, intent, [before.candidates[n - 1]])  # "第二个"
        if before.status == Status.clarify and len({c.citation.doc for c in before.candidates}) > 1:
            named = self._docs_named(q, anywhere=True)  # "稽查条例那个" after "which document's 第十五条?"
            picked = [c for c in before.candidates if c.citation.doc in named]
            if len(picked) == 1:
                return self._answer(question, intent, picked)
        swapped = followup.contrast_shift(q, [clean_question(h) for h in history])
        if swapped:
            return self._retrieve(question, swapped, intent)
        dept = next((d for d in self.departments if d in q), None)
        options = before.candidates or before.facts
        if dept and options:
            same = [c for c in options if getattr(c, "department", None) == dept]
            if same:
                return self._answer(question, intent, [same[0]])
            return self._retrieve(question, prev_q, intent, department=dept)
        if self.words.unknown_nouns(q) and not self._domain_words(q):
            return None  # names a thing the knowledge base does not know (护照呢): a new question
        if self._domain_words(q):
            # a new subject, or the same one narrowed: the earlier turn's words decide
            # between readings of the new turn, but never pull in a fact it does not fit
            alone = self._retrieve(question, q, intent)
            together = self._retrieve(question, prev_q + " " + q, intent)
            if alone.status == Status.not_found or (together.status != Status.not_found and together.retrieved
                                                    and together.retrieved[0] in alone.retrieved[:5]):
                return together
            return alone
        if before.status == Status.clarify:
            return self._clarify(question, intent, before.candidates)
        if main is not None:
            return self._answer(question, intent, [main])
        return None

    def _retrieve(self, question: str, q: str, intent: Intent, department: str | None = None) -> Answer:
        hits = self.index.search(q, k=20, mode=self.mode)
        dept = department or next((d for d in self.departments if d in q), None)
        if dept:
            hits = [h for h in hits if (h.department or dept) == dept] or hits
        retrieved = [h.id for h in hits]
        if not hits or not self._fits(q, hits):
            return self._not_found_latin(question, retrieved, hits) if _latin(q) else \
                self._not_found(question, retrieved)
        if intent in SERVICE_INTENTS and hits[0].kind != "service":
            service = next((h for h in hits if h.kind == "service"), None)
            if service and service.score >= self.settings.service_preference * hits[0].score:
                hits.remove(service)
                hits.insert(0, service)
        text = self.words.text_of(hits[0].id)
        unknown = [] if _latin(q) else [w for w in self.words.unknown_subject(q) if not self.words.typo_in(w, text)]
        words = self.words.content_words(q)
        if unknown and (not self.words.anchored(q, hits[0].id)
                        or len(unknown) >= self.settings.unknown_share * max(1, len(words))):
            # the question is about something no document mentions, and none of its other
            # words ties it to the nearest fact the way a distinctive term does
            return self._unmentioned(question, retrieved, unknown, [self.by_id[h.id] for h in hits[:3]])
        if hits[0].kind == "service" and not dept:
            rivals = self._rivals(q, hits)
            rivals += [f for f in self._group_rivals(q, hits) if f not in rivals]
            if rivals and _latin(q):  # titles are Chinese: an English question cannot pick one
                return self._not_found_latin(question, retrieved, hits)
            if rivals:
                answer = self._clarify(question, intent, [self.by_id[hits[0].id]] + rivals)
                answer.retrieved = retrieved
                return answer
        first = self.by_id[hits[0].id]
        facts = [first]
        if first.kind == "passage":
            facts += [self.by_id[h.id] for h in hits[1:8] if h.kind == "passage"
                      and self.by_id[h.id].citation.doc == first.citation.doc][:self.settings.related_passages]
        answer = self._answer(question, intent, facts)
        answer.retrieved = retrieved
        return answer

    def _fits(self, q: str, hits: list[Hit]) -> bool:
        """Whether the best hit answers the question at all (the refusal rule)."""
        if _latin(q):
            return max((h.dense_score or 0.0 for h in hits), default=0.0) >= self.settings.min_cosine_latin
        if max((h.bm25_score or 0.0 for h in hits), default=0.0) >= self.settings.min_score:
            return True
        words = self.words.content_words(q)
        return not words or self.words.coverage(words, hits[0].id) >= self.settings.min_coverage

    def _rivals(self, q: str, hits: list[Hit]) -> list[Fact]:
        """Services the question fits about as well as the first. Among the services
        scoring within ``clarify_ratio`` of the top, the question picks one when it names
        that one's title (minus 业务/流程) and no other's; otherwise a title drops out when
        another has asked-for words (character pairs) it lacks while it has none the other
        lacks (character pairs, and single characters the question has as words of
        their own: 退 picks 保证金退还 over 保证金延期). One left: answered; several: the
        user is asked which of them."""
        first = self.by_id[hits[0].id]
        ratio = self.settings.clarify_ratio
        close = [first] + [self.by_id[h.id] for h in hits[1:6] if h.kind == "service"
                           and (h.score >= ratio * hits[0].score or h.title == first.title)]
        close = list({id(f): f for f in close}.values())
        if len(close) < 2:
            return []
        named = [f for f in close if _core(f.title) in q]
        # a named title that another close title extends (保证金 → 保证金征收) is the generic
        # term, not a choice; one that another only prefixes (非政策性退税) still is
        named = [f for f in named if not any(_extends(g.title, f.title) for g in close)]
        named = [f for f in named if not any(_core(f.title) in _core(g.title) for g in named if g is not f)]
        if len(named) == 1:
            return self._pick(hits, named[0])
        words = self.tokenizer.words_of(q)
        asked = set().union(*(_pairs(w) for w in words + [t for w in words for t in SYNONYMS.get(w, [])]))
        # one-character words count too (退, 改, 补): a title's features are its pairs and characters
        asked |= {w for w in words if len(w) == 1 and w not in STOP_WORDS and w not in QUESTION_WORDS}
        pairs = {id(f): _pairs(_core(f.title)) | set(_core(f.title)) for f in close}

        def beaten(f: Fact) -> bool:  # another title has asked words f lacks, and f none it lacks
            return any(g.title != f.title and asked & (pairs[id(g)] - pairs[id(f)])
                       and not asked & (pairs[id(f)] - pairs[id(g)]) for g in close)

        left = [f for f in close if not beaten(f)]
        if len(left) == 1:
            return self._pick(hits, left[0])
        left = left or close
        if left[0] is not first:
            self._pick(hits, left[0])
        return left[1:]

    def _group_rivals(self, q: str, hits: list[Hit]) -> list[Fact]:
        """Services of other departments that cover the asked act in one of their document
        groups (保证金退还 → 综合业务一处's 保金保函 › 保金保函退转): when every word of the
        question is in such a group's name with its service's title (synonyms counted), the
        question fits that service too."""
        first = self.by_id[hits[0].id]
        words = self.words.content_words(q)
        if len(words) < 2 or not isinstance(first, Service):
            return []
        out: list[Fact] = []
        for h in hits[1:10]:
            fact = self.by_id[h.id]
            if not isinstance(fact, Service) or fact.department == first.department:
                continue
            for group in fact.document_groups:
                text = normalize(fact.title + group.name)
                text += "".join(t for w in self.tokenizer.words_of(text) for t in SYNONYMS.get(w, []))
                if all(word_in(w, text) for w in words):
                    out.append(fact)
                    break
        return out

    def _pick(self, hits: list[Hit], fact: Fact) -> list[Fact]:
        """Move ``fact`` to the front of ``hits``; no rivals remain."""
        hit = next(h for h in hits if h.id == fact.id)
        hits.remove(hit)
        hits.insert(0, hit)
        return []

    # -- words --------------------------------------------------------------------------
    def _subject_words(self, q: str) -> list[str]:
        """The question's own subject: its content words less the words that only refer to
        the conversation (a contrast word, a department chosen, 那个)."""
        contrast = {w for pair in followup.CONTRAST for w in pair}
        return [w for w in self.words.content_words(q) if w not in contrast and w not in self.departments
                and not any(w in d for d in self.departments) and w not in followup.REFERENCE_WORDS]

    def _generic(self, subject: list[str]) -> bool:
        """A subject every word of which names several services (备案, 查验): the conversation
        may narrow it."""
        return bool(subject) and all(sum(1 for s in self.services if w in normalize(s.title)) >= GENERIC_TITLES
                                     for w in subject)

    @staticmethod
    def _context_fits(answer: Answer, alone: Answer | None, earlier: str) -> bool:
        """Whether the reading with the conversation may replace the turn's own answer: it
        answers, and (when the turn alone found something) it is one of what the turn found;
        a choice among the turn's own candidates only when the earlier turn names what sets
        it apart (its department, or title words the others lack)."""
        if alone is None:
            return True
        if answer.status != Status.answered or answer.main is None:
            return False
        if alone.status == Status.clarify:
            main = answer.main
            if main.id not in {c.id for c in alone.candidates}:
                return False
            said = clean_question(earlier)
            department = getattr(main, "department", "")
            others = set().union(*(_pairs(_core(c.title)) for c in alone.candidates if c.id != main.id))
            return bool(department and department in said) or bool((_pairs(_core(main.title)) - others) & _pairs(said))
        return alone.status == Status.not_found or answer.main.id in set(alone.retrieved[:5])

    def _with_context(self, answer: Answer) -> Answer:
        """Say in one line that the earlier turn was used: 接上一问：船舶吨税执照业务."""
        if answer.status == Status.answered and answer.main is not None:
            lead, _, rest = answer.answer.partition("\n\n")  # the line that answers stays first
            answer.answer = "\n\n".join(p for p in (lead, f"*接上一问：{answer.main.title}*", rest) if p)
        return answer

    def _domain_words(self, q: str) -> list[str]:
        """Words of the knowledge base's own vocabulary (titles, departments, synonyms) in ``q``."""
        return [w for w in self.tokenizer.words_of(q) if w in self.domain_words and w not in QUESTION_WORDS]

    # -- composing ----------------------------------------------------------------------
    def _answer(self, question: str, intent: Intent, facts: list[Fact]) -> Answer:
        main = facts[0]
        parts = [lead_sentence(main, intent), main.card()]
        if len(facts) > 1:
            parts.append("**同一文件中的相关段落**")
            parts += [f.card() for f in facts[1:]]
        return Answer(question=question, status=Status.answered, intent=intent,
                      answer="\n\n".join(p for p in parts if p), facts=list(facts))

    def _list(self, question: str, described: str, facts: list[Fact], evidence: dict[str, str | None]) -> Answer:
        return Answer(question=question, status=Status.answered, intent=Intent.aggregate,
                      answer=list_card(described, facts, evidence), facts=list(facts))

    def _clarify(self, question: str, intent: Intent, candidates: list[Fact],
                 prompt: str = "您问的可能是以下几项业务之一，请问是哪一项？（可以回复处室名称或业务名称）") -> Answer:
        lines = [prompt, ""]
        for i, c in enumerate(candidates, 1):
            where = getattr(c, "department", "") or c.citation.title
            apart = self._apart(c, candidates)
            lines.append(f"{i}. **{c.title}**（{where}）" + (f"：{apart}" if apart else ""))
        lines += ["", "可以回复“第一个”“第二个”，或处室、业务名称。"]
        return Answer(question=question, status=Status.clarify, intent=intent, answer="\n".join(lines),
                      candidates=list(candidates))

    def _apart(self, fact: Fact, candidates: list[Fact]) -> str:
        """What tells a candidate apart from the others: a time limit of its own, when the
        titles (or departments) alone do not."""
        same_title = sum(1 for c in candidates if c.title == fact.title) > 1
        limits = {getattr(c, "time_limit_text", None) for c in candidates}
        if isinstance(fact, Service) and (same_title or len(limits) > 1):
            return f"办理时限{fact.time_limit_text}"
        return ""

    def _not_found(self, question: str, retrieved: list[str], reason: str = COVERS_NOT,
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

    def _unmentioned(self, question: str, retrieved: list[str], unknown: list[str], near: list[Fact]) -> Answer:
        """Not found: the question is about something no document mentions."""
        return self._not_found(question, retrieved, f"知识库中没有关于“{'、'.join(unknown[:3])}”的内容。",
                               suggest=near)

    def _not_found_latin(self, question: str, retrieved: list[str], hits: list[Hit]) -> Answer:
        """Not found, plus the nearest titles by the encoder: the sources are Chinese."""
        answer = self._not_found(question, retrieved)
        near = sorted((h for h in hits if h.dense_rank), key=lambda h: h.dense_rank or 0)[:3]
        if near:
            answer.answer += ("\n\nThe knowledge base is in Chinese and has no confident match for this question. "
                              "Nearest topics (最接近的内容), for reference only:\n"
                              + "\n".join(f"- {h.title}（{h.department or self.by_id[h.id].citation.title}）"
                                           for h in near))
        return answer

    def _message(self, question: str, text: str) -> Answer:
        return Answer(question=question, status=Status.not_found, intent=None, answer=text)


def _core(title: str) -> str:
    """A title without its generic tail and punctuation: 政策性退税业务 → 政策性退税."""
    core = re.sub(r"[、，,/（）()“”\s]", "", normalize(title))
    return re.sub(r"(业务|流程|作业|工作|办理)+$", "", core) or core


def _extends(longer: str, shorter: str) -> bool:
    """Whether title ``longer`` is title ``shorter`` with more words after it."""
    a, b = _core(longer), _core(shorter)
    return a != b and a.startswith(b)


def _pairs(text: str) -> set[str]:
    text = re.sub(r"[^\w]", " ", normalize(text))
    return {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def _latin(q: str) -> bool:
    letters = [ch for ch in q if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) * 2 > len(letters)


def _document_names(facts: list[Fact]) -> dict[str, list[str]]:
    """Each document's names as questions may give them: its title, the title without
    中华人民共和国, and a statute's short name (normalised)."""
    names: dict[str, set[str]] = {}
    for f in facts:
        title = normalize(re.sub(r"[《》〈〉“”\s]", "", f.citation.title))
        entry = names.setdefault(f.citation.doc, {title, re.sub(r"^中华人民共和国", "", title)})
        if law := getattr(f, "law", None):
            entry.add(normalize(law))
    return {doc: sorted(n for n in found if n) for doc, found in names.items()}
