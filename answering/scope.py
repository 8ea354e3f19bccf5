"""What this knowledge base covers, read from its own manifest and facts — never written
in code: its name, the coverage sentence of a refusal, the offices it speaks for (to tell
another office apart), and example questions.

    >>> scope = Scope.of(documents, facts)
    >>> scope.name, scope.offices
    ('大窑湾海关业务知识库', ['大窑湾海关', '大连海关'])

A manifest may set the knowledge base's ``name`` and ``examples`` itself; otherwise the
name is the main issuer's (the document with the most services) and the examples are
made from the facts.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indexer.tokenize import Tokenizer, normalize
from kb.facts import Fact, Info, Measure, PlanTask, Provision, Service
from kb.parse.common import DocMeta

_OFFICE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:海关|口岸|关区|港口|港|机场))")
_ASKED_OFFICE = re.compile(r"([\u4e00-\u9fff]{2,6}?)\s*(海关|口岸|关区|港口|港|机场)")
_SUFFIX = re.compile(r"(海关|口岸|关区|港口|港|机场)$")  # fullmatch: an office word on its own
_KIND_WORDS = {"service": "项业务的办理流程、时限和所需单据", "measure": "条措施", "plan_task": "项任务",
               "provision": "条条文"}


@dataclass
class Scope:
    name: str
    coverage: str  # 本知识库收录：…
    offices: list[str]  # offices and ports named by the documents' issuers and titles
    examples: list[str] = field(default_factory=list)
    issuers: dict[str, str] = field(default_factory=dict)  # document id → issuer
    dates: dict[str, str] = field(default_factory=dict)  # document id → its date, as the manifest gives it
    _own: str = ""  # issuers and titles, normalised: where a named place is this office's own

    @classmethod
    def of(cls, documents: list[DocMeta], facts: list[Fact], name: str | None = None,
           examples: list[str] | None = None) -> Scope:
        by_doc: dict[str, Counter[str]] = {}
        for f in facts:
            by_doc.setdefault(f.citation.doc, Counter())[f.kind] += 1
        titles = {f.citation.doc: f.citation.title for f in facts}
        docs = documents or [DocMeta(id=d, title=t, origin="", genre="") for d, t in titles.items()]
        parts = []
        for d in docs:
            counts = by_doc.get(d.id, Counter())
            what = "，".join(f"{n}{_KIND_WORDS[k]}" for k, n in counts.items() if k in _KIND_WORDS)
            parts.append(f"《{d.title}》" + (f"（{what}）" if what else ""))
        own = " ".join(normalize(f"{d.issuer or ''} {d.title}") for d in docs)
        offices = list(dict.fromkeys(m for d in docs for m in _OFFICE.findall(d.issuer or "")))
        main = max(docs, key=lambda d: (by_doc.get(d.id, Counter())["service"], sum(by_doc.get(d.id, Counter()).values())),
                   default=None)
        issuer = (main.issuer or "").split("、")[0] if main else ""
        return cls(name=name or (f"{issuer}业务知识库" if issuer else "业务知识库"),
                   coverage="本知识库收录：" + "；".join(parts) + "。" if parts else "本知识库还没有收录文件。",
                   offices=offices or ([issuer] if issuer else []),
                   examples=examples or _examples(facts), _own=own,
                   issuers={d.id: d.issuer for d in docs if d.issuer},
                   dates={d.id: d.date for d in docs if d.date})

    def issuer_of(self, fact: Fact) -> str:
        """Who published the document a fact comes from ('' when the manifest does not say)."""
        return self.issuers.get(fact.citation.doc, "")

    def date_of(self, fact: Fact) -> str:
        """The date of the document a fact comes from ('' when the manifest does not say)."""
        return self.dates.get(fact.citation.doc, "")

    def other_office(self, q: str, tokenizer: Tokenizer) -> str | None:
        """An office, port or customs district the question names that is not this
        knowledge base's own (a place name by jieba's tags, absent from the issuers and
        titles), e.g. 上海海关 or 深圳湾口岸; None otherwise. Latin script is not judged here."""
        for m in _ASKED_OFFICE.finditer(q):
            before, suffix = m.group(1), m.group(2)
            # a place name (jieba: ns) right before the suffix, or a name that includes it (上海海关, 营口港)
            for word, flag in tokenizer.tagged(before) + tokenizer.tagged(m.group(0)):
                whole = word.endswith(suffix) and flag[:2] in ("ns", "nr", "nt")
                if not (whole or (flag.startswith("ns") and before.endswith(word))):
                    continue
                place = _SUFFIX.sub("", word)
                if len(place) >= 2 and place not in self._own:
                    return place + suffix
        # a run of place names before an office word (天津 新港 海关): any of them not ours
        tagged = tokenizer.tagged(q)
        for i, (word, _) in enumerate(tagged):
            if _SUFFIX.fullmatch(word):
                run = _place_run(tagged[:i])
                places = [_SUFFIX.sub("", w) for w in run]
                if any(len(p) >= 2 and p not in self._own for p in places):
                    return "".join(run) + word
        return None


def _place_run(tagged: list[tuple[str, str]]) -> list[str]:
    """The place names (jieba: ns) that end ``tagged`` one after another."""
    run: list[str] = []
    for word, flag in reversed(tagged):
        if not flag.startswith("ns"):
            break
        run.insert(0, word)
    return run


def _examples(facts: list[Fact]) -> list[str]:
    """A few questions the knowledge base answers, made from its facts."""
    out: list[str] = []
    services = [f for f in facts if isinstance(f, Service)]
    if services:
        out.append(f"{services[0].title}要多久")
    with_documents = [s for s in services if s.documents]
    if len(with_documents) > 1:
        out.append(f"{with_documents[1].title}要带什么材料")
    departments = list(dict.fromkeys(s.department for s in services if s.department))
    if departments:
        out.append(f"{departments[-1]}能办哪些业务")
    if any(isinstance(f, Measure) for f in facts):
        out.append("第1条措施是什么")
    if any(isinstance(f, PlanTask) for f in facts):
        out.append("任务1是什么")
    law = next((f for f in facts if isinstance(f, Provision)), None)
    if law:
        out.append(f"{law.law}第一条是什么")
    if any(isinstance(f, Info) and f.topic == "working_hours" for f in facts):
        out.append("几点上班")
    return out[:6]
