"""Answer a question from the facts: the assistant holds what the resolvers share (facts,
index, word grounding, scope, composer) and runs the pipeline of answering.resolvers.

    >>> bot = Assistant.load()
    >>> bot.ask("报关单填错了想改，要多久").status
    <Status.answered: 'answered'>

Order of resolution (answering/resolvers): input checks → another customs office named
(refuse) → a fact named by number (措施12, 第十五条) → a topic (hours, departments …) → the
conversation → a list question → retrieval, which answers, asks which (clarify) or
refuses; then the answer is held to the attribute asked. A question in English is first
read into Chinese (answering/english.py) and answered as its reading. The thresholds are settings,
calibrated on evals/qa_dev.jsonl (see the README) and checked on the other sets.
Does not handle: questions naming two services at once, negation.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

from answering.compose import Composer
from answering.english import English, Reading
from answering.grounding import Grounding
from answering.intent import clean_question, detect_intent
from answering.lexicon import LEXICON
from answering.resolvers import Turn, attribute, office, pipeline
from answering.resolvers.retrieval import retrieve
from answering.scope import Scope
from answering.types import Answer, Intent, Status
from answering.uncovered import Uncovered
from indexer.search import Mode, SearchIndex
from indexer.tokenize import SYNONYMS, normalize
from kb.errors import KBError
from kb.facts import Fact, Info, NumberedFact, Service
from kb.settings import Settings, get_settings


GENERIC_MIN_SERVICES = 10  # fewer services say nothing about which words are generic


class Assistant:
    """Answers questions from facts through a search index; thresholds from ``settings``."""

    def __init__(self, facts: list[Fact], index: SearchIndex, mode: Mode | str = Mode.hybrid,
                 settings: Settings | None = None, scope: Scope | None = None, uncovered: Uncovered | None = None,
                 english: English | None = None, corpus_dir: Path | None = None):
        self.facts = facts
        self.scope = scope or Scope.of([], facts)
        self.settings = settings or get_settings()
        self.by_id = {f.id: f for f in facts}
        # numbered facts by (kind, document, number): measures, plan tasks, statute articles
        self.numbered = {(f.kind, f.citation.doc, f.number): f for f in facts if isinstance(f, NumberedFact)}
        self.doc_names = _document_names(facts)
        self.info = {(f.topic, f.title): f for f in facts if isinstance(f, Info)}
        self.definitions = [(normalize(title), f) for (topic, title), f in self.info.items() if topic == "definition"]
        self.services = [f for f in facts if isinstance(f, Service)]
        # titles as questions are read (normalised), once: the rules compare them per answer
        self.normal_titles = {f.id: normalize(f.title) for f in facts}
        # each service's title, normalised, and the words it covers (出入境 → 出境, 入境)
        self.service_titles = [(f.title, self.normal_titles[f.id], LEXICON.covered_in(self.normal_titles[f.id]))
                               for f in self.services]
        self.index, self.mode = index, Mode(mode)
        self.tokenizer = index.tokenizer
        self.departments = sorted({f.department for f in self.services}, key=len, reverse=True)
        self.units = sorted({u for f in facts for u in getattr(f, "responsible_units", [])}, key=len, reverse=True)
        self.domain_words = set(self.tokenizer.words) | set(SYNONYMS)
        # words most services have (申请, 单据): they name no subject
        self.generic_words = index.common_terms({f.id for f in self.services}, self.settings.generic_word_share) \
            if len(self.services) >= GENERIC_MIN_SERVICES else frozenset()
        self.own_names = frozenset(w for office in self.scope.offices for w in self.tokenizer.words_of(office))
        self.words = Grounding(index, self.by_id, self.settings, self.own_names)
        self.compose = Composer(self.scope)
        self.uncovered = uncovered or Uncovered.load()
        self._english, self._corpus_dir = english, corpus_dir
        self.resolvers = pipeline()

    @classmethod
    def load(cls, facts: list[Fact] | None = None, mode: Mode | str = Mode.hybrid) -> Assistant:
        """Facts and index from the build directory, (re)built there when stale."""
        from indexer.store import index_dir, open_index

        from kb.build import ensure_facts, load_manifest, manifest_options
        from kb.locks import build_lock

        settings = get_settings()
        with build_lock(settings.build_dir).hold():  # facts and index of one build, never half of the next
            if facts is None:
                facts, _ = ensure_facts()
            scope = Scope.of(load_manifest(settings.corpus_dir), facts, **manifest_options(settings.corpus_dir))
            return cls(facts, open_index(facts, dense_now=Mode(mode) != Mode.bm25), mode, settings, scope,
                       Uncovered.load(settings.corpus_dir, index_dir()), corpus_dir=settings.corpus_dir)

    @property
    def english(self) -> English:
        """The English glossary (the office's own terms from ``corpus_dir`` added), read on
        the first question in English: most processes never need it (~0.4 s)."""
        if self._english is None:
            self._english = English.load(self._corpus_dir)
        return self._english

    # -- public -------------------------------------------------------------------------
    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """Never raises for any text: bad input gets a not_found answer with a message.
        Earlier turns are bounded like questions: the last ``max_history`` of them, each
        at most ``max_question_chars`` long (a longer one was refused as a question and
        says nothing to a follow-up), and together at most twice that — a follow-up
        resolves its earlier turns, so their length is what it costs (the oldest go
        first). Lone surrogates (\\ud800 from JSON) become U+FFFD."""
        t0 = time.perf_counter()
        limit = self.settings.max_question_chars
        question = _valid_text(question) if isinstance(question, str) else ""
        turns = history if isinstance(history, list) else []
        history = [_valid_text(h) for h in turns[-self.settings.max_history:]
                   if isinstance(h, str) and h.strip() and len(h) <= limit] if self.settings.max_history else []
        while sum(map(len, history)) > 2 * limit:
            history.pop(0)
        answer = self.resolve(question, history)
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def choose(self, fact_id: str, question: str, intent: Intent | None = None) -> Answer:
        """The answer once a clarification is settled: ``fact_id`` picked among the
        candidates, for the question that was asked (its intent kept)."""
        fact = self.by_id.get(fact_id)
        if fact is None:
            return self.compose.message(question, "这个选项已不在知识库中，请重新提问。")
        return self.compose.answer(question, intent or detect_intent(clean_question(question)), [fact])

    def services_named(self, names: list[str], department: str | None = None) -> list[Service]:
        """Services for a checklist: each name is a title (exact, or as a question the
        retrieval answers with one service). Raises KBError naming the choices otherwise."""
        out = []
        for name in names:
            title = clean_question(name)
            exact = [f for f in self.services if self.normal_titles[f.id] == title
                     and (department is None or f.department == department)]
            if len(exact) == 1:
                out.append(exact[0])
                continue
            if len(exact) > 1:
                raise KBError(f"“{name}” is a service of {'、'.join(f.department for f in exact)}; "
                              "name the department (--department)")
            answer = retrieve(self, name, title, Intent.checklist, department=department)
            if answer.status == Status.answered and isinstance(answer.main, Service):
                out.append(answer.main)
            elif answer.status == Status.clarify:
                choices = "；".join(f"{c.title}（{getattr(c, 'department', '')}）" for c in answer.candidates)
                raise KBError(f"“{name}” fits several services: {choices}; give the full title")
            else:
                raise KBError(f"no service matches “{name}”; `kb facts --kind service` lists them")
        return out

    def resolve(self, question: str, history: list[str]) -> Answer:
        """The first answer a resolver of the pipeline gives, held to the attribute asked. A
        question in English that the glossary reads entirely is answered as its Chinese
        reading, and the answer shows that reading."""
        reading = self.read_english(question)
        read = reading is not None and not reading.unknown
        limit = self.settings.max_question_chars
        history = [_read(self.read_english(h), h) for h in history]
        if reading is not None and not read:  # another office named is refused, read or not (Qingdao customs)
            other = office.resolve(self, Turn.of(reading.text, [], limit))
            if other is not None:
                other.question = question
                return other
        turn = Turn.of(reading.text if read and reading else question, history, limit)
        for resolver in self.resolvers:
            answer = resolver(self, turn)
            if answer is not None:
                answer = attribute.hold(self, turn, answer)
                if reading is None:
                    return answer
                return self._as_read(question, reading, answer) if read else \
                    self._partly_read(question, reading, answer)
        raise AssertionError("retrieval, the last resolver, always answers")  # pragma: no cover

    def read_english(self, text: str) -> Reading | None:
        """The Chinese reading of a question asked in English; None for Chinese or
        over-long text."""
        if len(text) > self.settings.max_question_chars or not English.asked_in(text):
            return None
        reading = self.english.read(text)
        return reading if reading.text else None

    def _as_read(self, question: str, reading: Reading, answer: Answer) -> Answer:
        """The answer to an English question, shown with its reading and the words left out."""
        answer.question = question
        left_out = f" · 未用到的词（not used）：{', '.join(reading.dropped)}" if reading.dropped else ""
        answer.answer = f"*按中文理解为（read as）：{reading.text}{left_out}*\n\n{answer.answer}"
        return answer

    def _partly_read(self, question: str, reading: Reading, answer: Answer) -> Answer:
        """An English question with a word the glossary does not know that may name a thing,
        as the encoder alone answered it (the pipeline on the English text): kept when that
        is a structured fact (a service, measure, task, info); otherwise — nothing, or a
        passage of prose, which is near to everything — not found, naming the words not
        understood, with what the known words lead to offered as suggestions, never as the
        answer."""
        partial = self.resolve(reading.text, [])
        chosen = answer.facts[:1] or answer.candidates
        if chosen and all(f.kind != "passage" for f in chosen) and self._agrees(chosen, reading, partial):
            return answer
        suggest = (partial.facts or partial.candidates)[:3] if partial.status != Status.not_found else []
        reason = (f"知识库中没有找到能回答这个问题的内容：原文是中文，这个问题里有词语未能读懂"
                  f"（words not understood）：{', '.join(reading.unknown)}。"
                  f"已读懂的部分（read as）：{reading.text}。")
        return self.compose.not_found(question, answer.retrieved, reason, suggest=suggest)

    def _agrees(self, chosen: list[Fact], reading: Reading, partial: Answer) -> bool:
        """Whether the English text led to where the words read lead: a fact it chose is the
        reading's answer or choice, or among the first facts a search for the reading ranks."""
        k = self.settings.english_agreement
        if k == 0:
            return False
        q = Turn.of(reading.text, [], self.settings.max_question_chars).q
        near = {f.id for f in partial.facts + partial.candidates} | \
            {h.id for h in self.index.search(q, k=k, mode=self.mode)}
        return any(f.id in near for f in chosen)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(text: str) -> str:
    """``text`` with lone surrogates (which no encoding can write) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _read(reading: Reading | None, text: str) -> str:
    """An earlier turn as the conversation reads it: its Chinese reading when it has one
    (the words known: English words say nothing to the Chinese conversation rules)."""
    return reading.text if reading else text


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
