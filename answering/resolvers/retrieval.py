"""Retrieval, the last resolver: search, then answer, ask which (clarify) or refuse.

Refusal: a Chinese question fits when its best BM25 score reaches ``min_score`` or the top
fact covers ``min_coverage`` of its content words; a question in Latin script (no BM25
overlap with the Chinese sources) when the best cosine reaches ``min_cosine_latin``. A
question naming a thing no document mentions is refused unless a distinctive word anchors
it (answering.grounding). Several services fitting about equally well → the user is asked
which, with what tells them apart; the question's own words decide when they can.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from answering.followup import CONTRAST, sentences
from answering.grounding import word_in
from answering.intent import QUESTION_WORDS
from answering.lexicon import LEXICON
from answering.resolvers import Turn
from answering.resolvers.numbered import doc_by_title_tail
from answering.subject import in_titles, other_kinds, qualifiers, subject_words, title_has
from answering.types import SERVICE_INTENTS, Answer, Intent
from indexer.search import Hit, Mode
from indexer.tokenize import STOP_WORDS, SYNONYMS, normalize
from kb.facts import Fact, NumberedFact, Service

if TYPE_CHECKING:
    from answering.assistant import Assistant

ACROSS_DOCUMENTS = "几个文件都讲到了这个，请问您问的是哪一个文件里的？"
MAX_CHOICES = 5  # a clarification lists at most this many services
TIME_UNITS = ("分钟", "小时", "工作日")  # a question asking in one of these names the scale of its service
_QUANTITY_ASKED = re.compile(r"多少|多快|多久|多长|几[天个分小倍]")  # a question asking a quantity …
_QUANTITY = re.compile(r"[0-9一二三四五六七八九十两]+(?:[-—~至][0-9一二三四五六七八九十]+)?\s*(?:分钟|小时|个?工作日|天|%|％|倍|元)")  # … and a text stating one
_ALTERNATIVES = CONTRAST + [(b, a) for a, b in CONTRAST]  # each pair of alternatives, both ways round
_NEGATED = re.compile(r"(?:不是|并非|不属于)([\u4e00-\u9fff]{2,8}?)(?:的|那种|那类|那个|业务|[，,。；;）)]|$)")  # 不是政策性的


def resolve(bot: Assistant, turn: Turn) -> Answer:
    return retrieve(bot, turn.question, turn.q, turn.intent)


def retrieve(bot: Assistant, question: str, q: str, intent: Intent, department: str | None = None) -> Answer:
    hits = bot.index.search(q, k=20, mode=bot.mode)
    dept = department or next((d for d in bot.departments if d in q), None)
    if dept:
        hits = [h for h in hits if (h.department or dept) == dept] or hits
    doc = doc_by_title_tail(bot, q)
    if doc:  # 实施方案里有说法吗: the facts of the document the question names
        hits = [h for h in hits if bot.by_id[h.id].citation.doc == doc] or hits
    retrieved = [h.id for h in hits]
    shared = [] if dept or latin(q) or doc else same_subject(bot, q, hits)
    answer = _by_subject(bot, question, q, intent, hits, shared)
    if answer is None and (not hits or not fits(bot, q, hits)):
        answer = _nothing_fits(bot, question, q, hits, retrieved)
    if answer is None:
        _prefer_service(bot, q, intent, hits)
        _prefer_distinctive(bot, q, intent, hits)
        answer = _ungrounded(bot, question, q, hits, retrieved, _general(bot, q, hits))
    if answer is None:
        answer = _other_alternative(bot, question, q, hits, retrieved) or _across_documents(bot, question, q, intent, hits)
    if answer is None and hits[0].kind == "service" and not dept:
        answer = _choices(bot, question, q, intent, hits, shared, retrieved)
    if answer is None:
        answer = _top(bot, question, intent, hits)
        general = _general(bot, q, hits)
        if general:  # 平行进口车: the card is the wider thing's, and the answer says so first
            asked = [_as_asked(question, w) for w in general]
            answer.answer = f"原文没有专门提到“{'、'.join(asked)}”，以下是“{hits[0].title}”的规定。\n\n" + answer.answer
    answer.retrieved = answer.retrieved or retrieved
    return answer


def _as_asked(question: str, word: str) -> str:
    """``word`` (normalised: h986) as the question wrote it (H986)."""
    i = question.lower().find(word)
    return question[i:i + len(word)] if i >= 0 else word


def _general(bot: Assistant, q: str, hits: list[Hit]) -> list[str]:
    """The question's unknown words that only qualify a thing the top service's title has
    (平行 in 平行进口车 → 进口机动车辆; a Latin name no fact has, H986 in H986机检): not reasons
    to refuse — the service covers the wider thing."""
    first = bot.by_id[hits[0].id]
    if first.kind != "service" or latin(q):
        return []
    unknown = bot.words.unknown_subject(q) + [w for w, flag in bot.tokenizer.tagged(q)
                                              if flag == "eng" and not bot.index.knows(w)]
    return qualifiers(bot, q, unknown, bot.normal_titles[first.id])


def _by_subject(bot: Assistant, question: str, q: str, intent: Intent, hits: list[Hit],
                shared: list[Fact]) -> Answer | None:
    """卫生方面的证要多久, 车的手续要准备啥材料: the words match nothing well, or match a service
    whose title lacks the subject, but the subject is several services' own — they decide."""
    if len(shared) < 2:
        return None
    off_subject = bool(hits) and hits[0].id not in {f.id for f in shared} and intent in SERVICE_INTENTS
    if hits and not off_subject and fits(bot, q, hits):
        return None
    topic = _uncovered_topic(bot, q, shared[0].id)
    if topic:  # 船员服务簿在哪个部门申请: 船员 is in ship titles, the question is about a topic not covered
        return _about_uncovered(bot, question, [h.id for h in hits], topic, hits)
    left = by_time_unit(q, narrow(bot, q, shared))
    return bot.compose.answer(question, intent, left) if len(left) == 1 else \
        bot.compose.clarify(question, intent, left[:MAX_CHOICES])


def _nothing_fits(bot: Assistant, question: str, q: str, hits: list[Hit], retrieved: list[str]) -> Answer:
    """The refusal when no fact fits: with the encoder's nearest titles for a question in
    Latin script, naming the uncovered topic when one is clearly nearer."""
    if latin(q):
        return bot.compose.not_found_latin(question, retrieved, hits, bot.by_id)
    topic = _uncovered_topic(bot, q, hits[0].id) if hits else None
    return _about_uncovered(bot, question, retrieved, topic, []) if topic else bot.compose.not_found(question, retrieved)


def _prefer_service(bot: Assistant, q: str, intent: Intent, hits: list[Hit]) -> None:
    """A time/documents/steps/department question takes a service scoring at least
    ``service_preference`` × the top, moved to the front — when it covers as many of the
    question's words or has a distinctive one (遗体 → 尸体骸骨): a service that shares only an
    everyday word (备案) with a question about something else is no better an answer — nor
    one grounding fewer of the question's distinctive words than the top (紧急进口先交了税，多久
    之内还能补办退税: measure 30 has 紧急 and 补办, the refund services only 退税)."""
    if intent in SERVICE_INTENTS and hits[0].kind != "service":
        service = next((h for h in hits if h.kind == "service"), None)
        words = bot.words.content_words(q)
        rare = _distinctive(bot, q)
        if service and service.score >= bot.settings.service_preference * hits[0].score \
                and (bot.words.coverage(words, service.id) >= bot.words.coverage(words, hits[0].id)
                     or bot.words.anchored(q, service.id)) \
                and len(_grounded(bot, rare, hits[0].id)) <= len(_grounded(bot, rare, service.id)):
            hits.remove(service)
            hits.insert(0, service)


def _distinctive(bot: Assistant, q: str) -> list[str]:
    """The question's distinctive words: ones at most ``anchor_facts`` facts have (转机, 补办)."""
    return [w for w in bot.words.content_words(q) if 0 < bot.index.document_frequency(w) <= bot.settings.anchor_facts]


def _grounded(bot: Assistant, words: list[str], fact_id: str) -> set[str]:
    """The ``words`` the fact's text has, literally or through a synonym (冻品 in 冷冻产品)."""
    text = bot.words.text_of(fact_id)
    return {w for w in words if word_in(w, text)}


def _prefer_distinctive(bot: Assistant, q: str, intent: Intent, hits: list[Hit]) -> None:
    """Among measures, tasks and passages scoring close to the top, one whose text has more of
    the question's distinctive words (ones at most ``anchor_facts`` facts have: 转机) moves to
    the front — it grounds more of what the question is about. A service at the top yields
    too when the question asks no service's attribute (海外仓还需要备案吗: 备案 in a ship
    service's title, 海外仓 only in a measure's text)."""
    if hits[0].kind == "service" and intent in SERVICE_INTENTS:
        return
    rare = _distinctive(bot, q)
    if not rare:
        return
    top = _grounded(bot, rare, hits[0].id)
    close = [h for h in hits[1:3] if h.kind != "service" and h.score >= bot.settings.clarify_ratio * hits[0].score]
    better = next((h for h in close if _grounded(bot, rare, h.id) > top), None)
    if better is not None:
        hits.remove(better)
        hits.insert(0, better)


def _ungrounded(bot: Assistant, question: str, q: str, hits: list[Hit], retrieved: list[str],
                general: list[str]) -> Answer | None:
    """The refusals of a question the top fact does not ground: a thing no document mentions
    (unless a distinctive word anchors it; ``general`` words only qualify what the fact is
    about), another kind of the fact's thing (船舶国籍证书), a topic the knowledge base does not
    cover, and a specific term the fact lacks (a Latin word no fact has, such as CIFER,
    always; a rare Chinese noun only with strict grounding on)."""
    near = [bot.by_id[h.id] for h in hits[:3]]
    text = bot.words.text_of(hits[0].id)
    unknown = [] if latin(q) else [w for w in bot.words.unknown_subject(q)
                                   if not bot.words.typo_in(w, text) and w not in general]
    words = bot.words.content_words(q)
    kinds = [] if latin(q) or hits[0].kind != "service" else \
        other_kinds(bot, q, unknown, bot.normal_titles[hits[0].id])
    if kinds or (unknown and (not bot.words.anchored(q, hits[0].id)
                              or len(unknown) >= bot.settings.unknown_share * max(1, len(words)))):
        return bot.compose.unmentioned(question, retrieved, kinds or unknown, near)
    topic = _uncovered_topic(bot, q, hits[0].id)
    if topic:  # 进口咖啡豆关税多少: about a topic the documents do not cover, not about the fact
        return _about_uncovered(bot, question, retrieved, topic, hits)
    loose = [] if latin(q) else [w for w in bot.words.specific_ungrounded(q, hits[0].id) if w not in general]
    if loose and words and bot.words.coverage(words, hits[0].id) < bot.settings.grounded_coverage:
        return bot.compose.unmentioned(question, retrieved, loose, near)  # 运费 in 完税价格含不含运费
    return None


def _other_alternative(bot: Assistant, question: str, q: str, hits: list[Hit], retrieved: list[str]) -> Answer | None:
    """The top service is the alternative of what the question asks (出口机动车辆查验 → 进口机动车辆
    查验流程; 高级认证 → 一般认证企业认证工作) and no service is about the asked one: refused,
    naming the published service, instead of answering with the other side."""
    first = bot.by_id[hits[0].id]
    if first.kind != "service":
        return None
    core = core_title(first.title)
    for asked, other in _ALTERNATIVES:
        if asked in q and other in core and asked not in core and asked not in LEXICON.covered_in(core) \
                and _asks_instead(q, asked, other) \
                and not any(core.replace(other, asked) in core_title(f.title) for f in bot.services):
            return bot.compose.not_found(question, retrieved, f"原文只公布了“{first.title}”，没有“{asked}”的这项业务。",
                                         suggest=[first])
    return None


def _across_documents(bot: Assistant, question: str, q: str, intent: Intent, hits: list[Hit]) -> Answer | None:
    """A measure, plan task or article of another document scoring as close as a service rival
    would, whose title has every subject word the first one's title has (主动披露 → measure 39 and
    plan task 4): the user is asked which document's."""
    first = bot.by_id[hits[0].id]
    if not isinstance(first, NumberedFact):
        return None
    title = bot.normal_titles[first.id]
    words = [w for w in subject_words(bot, q) if title_has(bot, w, title)]
    if not words:
        return None
    ratio = bot.settings.clarify_ratio
    others = [bot.by_id[h.id] for h in hits[1:6] if h.score >= ratio * hits[0].score]
    best: dict[str, Fact] = {}  # the best-ranked of each other document
    for f in others:
        if isinstance(f, NumberedFact) and f.citation.doc != first.citation.doc and f.citation.doc not in best \
                and all(title_has(bot, w, bot.normal_titles[f.id]) for w in words):
            best[f.citation.doc] = f
    others = list(best.values())
    return bot.compose.clarify(question, intent, [first] + others, prompt=ACROSS_DOCUMENTS) if others else None


def _asks_instead(q: str, asked: str, other: str) -> bool:
    """Whether ``q`` asks about ``asked`` rather than ``other``: it does not name ``other``, or
    names it in an earlier clause (我们已经是一般认证企业了，想升高级认证)."""
    if other not in q:
        return True
    clauses = re.split(r"[，,。；;！!？?]", q)
    last = max(i for i, c in enumerate(clauses) if asked in c)
    return all(i < last for i, c in enumerate(clauses) if other in c)


def _choices(bot: Assistant, question: str, q: str, intent: Intent, hits: list[Hit], shared: list[Fact],
             retrieved: list[str]) -> Answer | None:
    """A clarification among the services the question fits about equally (by score, by
    subject, by a document group of another department), unless its words pick one — then
    that one is moved to the front of ``hits`` and None returned."""
    others = rivals(bot, q, hits, shared)
    groups = group_rivals(bot, q, hits)
    others += [f for f in groups if f not in others]
    if groups:  # the question's words may still pick one, its document group's name counted
        left = narrow(bot, q, [bot.by_id[hits[0].id]] + others, groups=True)
        if len(left) == 1:
            _pick(hits, left[0])
            others = []
    last = _last_sentence(q)
    if others and last != q:  # background first, the question last: 听说要先做船舶备案，还要办吨税。请问船舶备案这块…
        left = narrow(bot, last, [bot.by_id[hits[0].id]] + others)
        if len(left) == 1:
            _pick(hits, left[0])
            others = []
    if others and latin(q):  # titles are Chinese: an English question cannot pick one
        return bot.compose.not_found_latin(question, retrieved, hits, bot.by_id)
    if others:
        return bot.compose.clarify(question, intent, [bot.by_id[hits[0].id]] + others)
    return None


def _last_sentence(q: str) -> str:
    """The last sentence of a message of several (the one that asks), or ``q`` itself."""
    parts = sentences(q)
    return parts[-1] if len(parts) > 1 else q


def _top(bot: Assistant, question: str, intent: Intent, hits: list[Hit]) -> Answer:
    """The answer from the top fact; a passage brings up to ``related_passages`` more of its document."""
    first = bot.by_id[hits[0].id]
    if first.kind == "passage" and _QUANTITY_ASKED.search(question) and not _QUANTITY.search(first.index_text()):
        # 快了多少: the question asks a quantity; a passage of the same document that states one answers it
        stating = next((bot.by_id[h.id] for h in hits[1:8] if h.kind == "passage"
                        and bot.by_id[h.id].citation.doc == first.citation.doc
                        and _QUANTITY.search(bot.by_id[h.id].index_text())), None)
        if stating is not None:
            hits.insert(0, hits.pop(next(i for i, h in enumerate(hits) if h.id == stating.id)))
            first = stating
    facts = [first]
    if first.kind == "passage":
        facts += [bot.by_id[h.id] for h in hits[1:8] if h.kind == "passage"
                  and bot.by_id[h.id].citation.doc == first.citation.doc][:bot.settings.related_passages]
    return bot.compose.answer(question, intent, facts)


def same_subject(bot: Assistant, q: str, hits: list[Hit]) -> list[Fact]:
    """Services whose titles all have every subject word of the question (literally or as a
    synonym), best retrieved first — when there are several, the question does not say
    which of them it means."""
    subject = subject_words(bot, q, contrasts=True)
    if not subject:
        return []
    titles = set.intersection(*(set(in_titles(bot, w)) for w in subject))
    if len(titles) < 2:
        return []
    rank = {h.id: n for n, h in enumerate(hits)}
    return sorted((f for f in bot.services if f.title in titles), key=lambda f: rank.get(f.id, len(rank)))


def _uncovered_topic(bot: Assistant, q: str, fact_id: str) -> str | None:
    """The topic the knowledge base does not cover that ``q`` is nearer to than to the fact
    (by ``uncovered_margin``); None without the encoder or with the check off (margin 1)."""
    if bot.mode == Mode.bm25 or bot.settings.uncovered_margin >= 1:
        return None
    return bot.uncovered.nearer(bot.index, q, fact_id, bot.settings.uncovered_margin)


def _about_uncovered(bot: Assistant, question: str, retrieved: list[str], topic: str, near: list[Hit]) -> Answer:
    """Not found, naming the uncovered topic; the ``near`` facts offered as suggestions."""
    return bot.compose.not_found(question, retrieved, f"这个问题是关于“{topic}”的，知识库中没有这方面的内容。",
                                 suggest=[bot.by_id[h.id] for h in near[:3]])


def fits(bot: Assistant, q: str, hits: list[Hit]) -> bool:
    """Whether the best hit answers the question at all (the refusal rule)."""
    if latin(q):
        return max((h.dense_score or 0.0 for h in hits), default=0.0) >= bot.settings.min_cosine_latin
    if max((h.bm25_score or 0.0 for h in hits), default=0.0) >= bot.settings.min_score:
        return True
    words = bot.words.content_words(q)
    return not words or bot.words.coverage(words, hits[0].id) >= bot.settings.min_coverage


def rivals(bot: Assistant, q: str, hits: list[Hit], shared: list[Fact] | None = None) -> list[Fact]:
    """Services the question fits about as well as the first. Among the services
    scoring within ``clarify_ratio`` of the top, the question picks one when it names
    that one's title (minus 业务/流程) and no other's; otherwise a title drops out when
    another has asked-for words (character pairs) it lacks while it has none the other
    lacks (character pairs, and single characters the question has as words of
    their own: 退 picks 保证金退还 over 保证金延期). One left: answered; several: the
    user is asked which of them."""
    first = bot.by_id[hits[0].id]
    ratio = bot.settings.clarify_ratio
    close = [first] + [bot.by_id[h.id] for h in hits[1:6] if h.kind == "service"
                       and (h.score >= ratio * hits[0].score or h.title == first.title)]
    if shared and first in shared:  # services with the same subject words are as close (修撤 → 修撤单, 报关单修撤)
        close += [f for f in shared if f.title != first.title]
    close = list({id(f): f for f in close}.values())
    if len(close) < 2:
        return []
    named = [f for f in close if core_title(f.title) in q and not _ruled_out(q, f)]  # not 不是政策性退税那种
    # a named title that another close title extends (保证金 → 保证金征收) is the generic
    # term, not a choice; one that another only prefixes (非政策性退税) still is
    named = [f for f in named if not any(_extends(g.title, f.title) for g in close)]
    named = [f for f in named if not any(core_title(f.title) in core_title(g.title) for g in named if g is not f)]
    # a title the question names is not a choice when another has the question's subject too
    # (修撤单 names 修撤单业务, but 报关单修撤业务 is the same act by its synonym 撤单 → 修撤)
    # — though not when that other title has the named one in it (非政策性退税 has 政策性退税)
    subject = shared or []
    named = [f for f in named if f not in subject or not any(
        g.title != f.title and core_title(f.title) not in core_title(g.title) for g in subject)]
    if len(named) == 1:
        return _pick(hits, named[0])
    left = narrow(bot, q, close)
    # a service further down whose title the question grounds as well as the winners'
    # (改单 → 修撤单业务 and 报关单修撤业务): scores differ by text length, not by fit
    asked = _asked(bot, q)
    grounded = [asked & _features(f) for f in left]
    shown = {f.title for f in close}
    for h in hits[1:10]:
        fact = bot.by_id[h.id]
        if h.kind == "service" and fact.title not in shown:
            own = asked & _features(fact)
            if own and all(g <= own for g in grounded):
                left.append(fact)
                grounded.append(own)
                shown.add(fact.title)
    left = _by_distinctive(bot, q, left)
    if len(left) == 1:
        return _pick(hits, left[0])
    if left[0] is not first:
        _pick(hits, left[0])
    return left[1:]


def _by_distinctive(bot: Assistant, q: str, facts: list[Fact]) -> list[Fact]:
    """Of services the titles do not tell apart, the one whose own text grounds every
    distinctive word of the question another grounds, and more (退货 in 质量不合格已经退货了，
    想把税退回来: 非政策性退税's documents, not 政策性退税's); all of them otherwise."""
    rare = _distinctive(bot, q)
    if len(facts) < 2 or not rare:
        return facts
    grounded = [_grounded(bot, rare, f.id) for f in facts]
    best = [f for f, g in zip(facts, grounded) if all(o < g for o in grounded if o is not g)]
    return best if len(best) == 1 else facts


def narrow(bot: Assistant, q: str, facts: list[Fact], groups: bool = False) -> list[Fact]:
    """The facts no other beats: a title drops out when another has asked-for words
    (character pairs, and single characters the question has as words of their own: 退
    picks 保证金退还 over 保证金延期) it lacks, while it has none the other lacks. With
    ``groups``, a service's document-group names (and their synonyms) count as its title."""
    ruled_out = [f for f in facts if _ruled_out(q, f)]  # 不是政策性的那种: not 政策性退税 (非政策性退税 stays)
    if ruled_out and len(ruled_out) < len(facts):
        facts = [f for f in facts if f not in ruled_out]
    asked = _asked(bot, q)
    said = _with_synonyms(bot, q)
    # with groups the candidates are of different departments: the department's name counts (保税 → 保税监管处)
    texts = {id(f): _title_text(f) + (f" {_group_text(bot, f)} {getattr(f, 'department', '')}" if groups else "")
             for f in facts}
    features = {id(f): _features(f, texts[id(f)]) | _words_it_has(bot, q, texts[id(f)]) for f in facts}

    def beaten(f: Fact) -> bool:
        return any(g.title != f.title and asked & (features[id(g)] - features[id(f)])
                   and not asked & (features[id(f)] - features[id(g)]) and not _open_axis(said, f, g) for g in facts)

    left = [f for f in facts if not beaten(f)] or facts
    # of titles that all fit, the ones that also name an alternative the question did not ask
    # (查验 asked; 检验、查验、检疫现场作业 also names 检验) are the broader ones
    exact = [f for f in left if not _unasked_alternatives(q, f)]
    return exact if exact and len({f.title for f in exact}) < len({f.title for f in left}) else left


def _ruled_out(q: str, fact: Fact) -> bool:
    """Whether the question says it is not about this title's kind (不是政策性的 rules out 政策性退税,
    not 非政策性退税, which has 非 before it)."""
    core = core_title(fact.title)
    return any(x in core and f"非{x}" not in core for x in _NEGATED.findall(q))


def _words_it_has(bot: Assistant, q: str, text: str) -> set[str]:
    """The character pairs of the question's words that ``text`` (a title's) has in another
    form — a synonym, a covering word, a compound's parts (撤单 → 修撤: 报关单修撤 has 撤单 as
    much as 修撤单 has; 卫生证书: 卫生控制措施证书 has it as much as 卫生证书 has)."""
    return set().union(*((pairs(w) if len(w) > 1 else {w}) for w in bot.tokenizer.words_of(q)
                         if w not in text and title_has(bot, w, text)))


def _open_axis(q: str, f: Fact, g: Fact) -> bool:
    """Whether the two titles differ by alternatives (有纸/无纸, 进口/出口) the question names
    neither of — other words then do not decide between them (调报关单档案: paper or paperless?)."""
    a_title, b_title = core_title(f.title), core_title(g.title)
    return any(a in a_title and b in b_title and a not in b_title and b not in a_title and a not in q and b not in q
               for a, b in _ALTERNATIVES)


def _with_synonyms(bot: Assistant, text: str) -> str:
    """``text`` followed by the synonyms of its words (退回 → 退还), space-separated, for
    matching the words it names."""
    return text + " " + " ".join(t for w in bot.tokenizer.words_of(text) for t in SYNONYMS.get(w, []))


def _unasked_alternatives(q: str, fact: Fact) -> list[str]:
    """Words of the title that are alternatives (``[contrast]``) of a word the question has,
    while the question does not have them itself."""
    core = core_title(fact.title)
    wide = LEXICON.covered_in(core)  # 出入境 names 出境 and 入境 as one wider word, not as alternatives
    return [b for a, b in _ALTERNATIVES if a in q and b not in q and b in core and a not in wide]


def by_time_unit(q: str, facts: list[Fact]) -> list[Fact]:
    """The facts whose time limit is in the unit the question asks in (几分钟 → the services
    done in minutes), when some are and some are not; otherwise all of them."""
    units = [u for u in TIME_UNITS if u in q]
    if not units:
        return facts
    kept = [f for f in facts if any(u in (getattr(f, "time_limit_text", "") or "") for u in units)]
    return kept or facts


def _group_text(bot: Assistant, fact: Fact) -> str:
    """A service's document-group names with the synonyms of their words."""
    return _with_synonyms(bot, " ".join(g.name for g in getattr(fact, "document_groups", [])))


def _asked(bot: Assistant, q: str) -> set[str]:
    """The question's features: character pairs of its words and their synonyms, and its
    one-character words (退, 改, 补) — by either cut (想改报关单: the tagger has 改 where the
    plain cut has 想改)."""
    words = bot.tokenizer.words_of(q)
    words += [w for w, _ in bot.tokenizer.tagged(q) if w not in words and w in SYNONYMS]
    asked = set().union(*(pairs(w) for w in words + [t for w in words for t in SYNONYMS.get(w, [])]))
    return asked | {w for w in words if len(w) == 1 and w not in STOP_WORDS and w not in QUESTION_WORDS}


def _title_text(fact: Fact) -> str:
    """A title's core with the words it covers (出入境 also offers 出境, 入境), space-separated."""
    core = core_title(fact.title)
    return core + "".join(f" {w}" for w in LEXICON.covered_in(core))


def _features(fact: Fact, text: str | None = None) -> set[str]:
    """A title's features: the pairs and characters of its core, and the words it covers (船);
    the pairs of ``text`` instead when given (the title's text with more: its groups' names)."""
    core = core_title(fact.title)
    return pairs(text or _title_text(fact)) | set(core) | {w for w in LEXICON.covered_in(core) if len(w) == 1}


def group_rivals(bot: Assistant, q: str, hits: list[Hit]) -> list[Fact]:
    """Services of other departments that cover the asked act in one of their document
    groups (保证金退还 → 综合业务一处's 保金保函 › 保金保函退转): when every word of the
    question is in such a group's name with its service's title (synonyms counted), the
    question fits that service too."""
    first = bot.by_id[hits[0].id]
    if not isinstance(first, Service):
        return []
    # the words the first service's title has (保证金, 延期 — not 到期 in 保证金快到期了想延期)
    title = _with_synonyms(bot, bot.normal_titles[first.id])
    words = [w for w in bot.words.content_words(q) if word_in(w, title)]
    if len(words) < 2:
        return []
    out: list[Fact] = []
    for h in hits[1:10]:
        fact = bot.by_id[h.id]
        if not isinstance(fact, Service) or fact.department == first.department:
            continue
        for group in fact.document_groups:
            text = _with_synonyms(bot, normalize(fact.title + group.name))
            if all(word_in(w, text) for w in words):
                out.append(fact)
                break
    return out


def _pick(hits: list[Hit], fact: Fact) -> list[Fact]:
    """Move ``fact`` to the front of ``hits``; no rivals remain."""
    hit = next((h for h in hits if h.id == fact.id), None)
    if hit is None:  # a service that joined by its subject, not by its score
        hit = Hit(fact.id, fact.kind, fact.title, getattr(fact, "department", None), 0.0)
    else:
        hits.remove(hit)
    hits.insert(0, hit)
    return []


def core_title(title: str) -> str:
    """A title without its generic tail and punctuation: 政策性退税业务 → 政策性退税."""
    core = re.sub(r"[、，,/（）()“”\s]", "", normalize(title))
    return re.sub(r"(业务|流程|作业|工作|办理)+$", "", core) or core


def _extends(longer: str, shorter: str) -> bool:
    """Whether title ``longer`` is title ``shorter`` with more words after it."""
    a, b = core_title(longer), core_title(shorter)
    return a != b and a.startswith(b)


def pairs(text: str) -> set[str]:
    """The character pairs of ``text`` (normalised), not across punctuation or spaces."""
    text = re.sub(r"[^\w]", " ", normalize(text))
    return {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def latin(q: str) -> bool:
    """Whether the question is mostly in Latin script."""
    letters = [ch for ch in q if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) * 2 > len(letters)
