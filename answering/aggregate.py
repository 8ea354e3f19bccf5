"""Questions about a set of facts, answered from fields rather than text similarity:
"哪些业务办理时限是20个工作日", "卫生检疫处能办哪些业务", "哪些业务要三级审批",
"按分钟算时限的业务", "43项措施里……这一类有哪几条", "方案里……这部分有哪些任务".

    >>> query = parse_aggregate(question, departments, tokenizer)
    >>> query.select(facts)          # the facts that satisfy every filter, in source order

A question is an aggregate when it asks for a list (哪些 / 哪几 / 有几 / 都有 / 分别 …) and
sets at least one filter: a department, a time limit (value and unit, or only a unit), or
remaining words that must all occur in a field. Those words are matched against the
group field first (a measure's category, a task's section), then the title, then the
body (steps and documents for services), and the first level with any match wins —
the words as asked on every level before their synonyms.
Limits may be compared (超过10个工作日, 3个工作日以内) and written in Chinese numerals
(两个半工作日); a department or unit, and a filter word of three characters or more, may
have one character wrong (物流监空处, 营业只照).
Does not handle: negation ("不需要审批的业务"), "only" ("只由大连海关负责的任务").
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from answering.lexicon import LEXICON
from indexer.tokenize import STOP_WORDS, SYNONYMS, Tokenizer, normalize
from kb.facts import KINDS, Fact, Service
from kb.parse.numbering import to_int

LIST_WORDS = LEXICON.topics["list"]  # 哪些…业务, 都有啥, 有几个, 一共 … (data: answering/lexicon.toml)
DOC_NAMES = re.compile(r"\d+项(?:惠企)?措施|惠企措施|(?:口岸|实施)?方案")
UNIT_WORDS = {"工作日": "working_day", "分钟": "minute", "小时": "hour", "天": "day", "日": "day",
              "即时": "immediate", "即办": "immediate", "当日": "same_day", "当天": "same_day"}
_ONLY = re.compile(r"只由|仅由|单独|独自|一家|自己负责")  # 哪些任务只由大连海关负责
_LEAD = re.compile(r"牵头")  # the unit listed first leads the task
_NUM = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百]+个?半?|半"
_LIMIT = re.compile(rf"({_NUM})\s*个?\s*(工作日|分钟|小时|天|日)")
# 超过10个工作日, 3个工作日以内: the comparison a limit filter asks for (before or after it)
_MORE = re.compile(r"(?:超过|多于|大于|长于|不少于|至少)\s*$|^\s*(?:以上|之上)")
# 时限是20个工作日内: the limit as a service states it (equal), not a bound to compare with
_STATED = re.compile(r"(?:是|为)\s*$")
_LESS = re.compile(r"(?:不超过|少于|小于|短于|不到)\s*$|^\s*(?:以内|之内|以下|内)")
_UNIT_ONLY = re.compile(r"按(工作日|分钟|小时|天)|以(工作日|分钟|小时)|(即时|即办|当日|当天)(办结|办理)?")
# words that name the list or the question, not a filter
FRAME_WORDS = set("业务 流程 事项 任务 措施 条 项 类 这一类 这部分 部分 方案 口岸方案 实施方案 惠企措施 "
                  "负责 办 能办 处理 要 走 需要 时限 办理时限 时间 多久 是 算 按 里 中 有 哪几 几种 种 分别 "
                  "都 些 哪 几 这 那 一类 这部 几条 有关 相关 关于 涉及 海关 工作日 分钟 小时 "
                  "天 日 个 材料 单据 资料 文件 证件 步骤 手续 多长时间 几天 办结 计时 计算 能办完 办完 完成 的 啥 "
                  "牵头 承担 参与 配合 主办 单位 超过 多于 大于 以上 以内 之内 不超过 少于 要交 交 重点 便利 包括 包含 "
                  "涉及 叫 名叫 名称 一下".split())


@dataclass
class AggregateQuery:
    kind: str  # service, measure or plan_task
    department: str | None = None  # a service's department, or a unit a plan task names as responsible
    value: float | None = None
    unit: str | None = None
    compare: str = "="  # "=", ">" (超过…) or "<=" (…以内)
    role: str = "any"  # a plan task's unit: any of them, the only one (只由…负责), or the lead (…牵头)
    words: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        if self.department and self.kind == "plan_task":
            parts.append({"only": f"责任单位仅为{self.department}", "lead": f"{self.department}牵头"}.get(
                self.role, f"责任单位含{self.department}"))
        elif self.department:
            parts.append(self.department)
        if self.unit:
            limit = f"{self.value:g}" if self.value is not None else "按"
            how = {">": "超过", "<=": "不超过"}.get(self.compare, "")
            parts.append(f"时限{how}{limit}{_UNIT_NAMES.get(self.unit, self.unit)}")
        if self.words:
            parts.append("含“" + "”“".join(self.words) + "”")
        return "，".join(parts)

    def select(self, facts: list[Fact], tokenizer: Tokenizer, df: Callable[[str], int] | None = None) -> list[Fact]:
        """The facts meeting every filter, in source order. With ``df`` (how many facts have a
        word), a word filter no fact meets in full loses its commonest words one by one."""
        pool = [f for f in facts if f.kind == self.kind]
        if self.department and self.kind == "plan_task":
            pool = [f for f in pool if self._unit_fits(getattr(f, "responsible_units", []))]
        elif self.department:
            pool = [f for f in pool if getattr(f, "department", None) == self.department]
        if self.unit:
            pool = [f for f in pool if isinstance(f, Service) and self._limit_fits(f)]
        if not self.words:
            return pool
        words = list(self.words)
        while words:
            for exact in (True, False):  # the words as asked anywhere before their synonyms
                for level in KINDS[self.kind].list_levels:
                    hits = [f for f in pool if all(_contains(level(f), w, tokenizer, exact) for w in words)]
                    if hits:
                        self.words = words
                        return hits
            if df is None or len(words) == 1:
                break
            # no fact has them all: drop the commonest word (旅客行李通关 → 旅客, 行李) and try again
            words.remove(max(words, key=df))
        return []

    def _unit_fits(self, units: list[str]) -> bool:
        unit = self.department or ""
        named = [bool(unit) and unit in u for u in units]
        if self.role == "only":
            return named == [True]
        if self.role == "lead":
            return bool(named) and named[0]
        return any(named)

    def _limit_fits(self, service: Service) -> bool:
        if self.compare == "=" or self.value is None or service.time_limit is None:
            return service.limit_matches(self.value, self.unit)
        return any(c.unit == self.unit and c.value is not None
                   and (c.value > self.value if self.compare == ">" else c.value <= self.value)
                   for c in service.time_limit.clauses())

    def evidence(self, fact: Fact, tokenizer: Tokenizer) -> str | None:
        """The line of a fact that meets the word filter, when it is not the title or group."""
        if not self.words:
            return None
        levels = fact.list_levels[:-1]
        if any(all(_contains(level(fact), w, tokenizer, False) for w in self.words) for level in levels):
            return None
        return next((line for line in fact.evidence_lines()
                     if all(_contains(line, w, tokenizer, False) for w in self.words)), None)


_UNIT_NAMES = {"working_day": "个工作日", "minute": "分钟", "hour": "小时", "day": "天", "immediate": "即时办理",
               "same_day": "当日办结"}


def _contains(text: str, word: str, tokenizer: Tokenizer, exact: bool) -> bool:
    """``word`` (or, unless ``exact``, one of its synonyms, or — three characters or more —
    itself with one character wrong: 营业只照) occurs in ``text``."""
    text = normalize(text)
    tokens: set[str] | None = None
    for w in [word] if exact else [word, *SYNONYMS.get(word, [])]:
        if w in text:
            return True
        tokens = tokens or set(tokenizer.tokens(text, bigrams=False))
        if w in tokens:
            return True
    return not exact and len(word) >= 3 and one_off(word, text)


_NUMERALS = set("一二三四五六七八九十0123456789")


def one_off(word: str, text: str) -> bool:
    """Whether ``text`` has ``word`` with exactly one character changed (物流监空处) — not a
    numeral for another numeral: 查检一处 is another department than 查检二处."""
    return _one_off_at(word, text) is not None


def _one_off_at(word: str, text: str) -> int | None:
    n = len(word)
    if n < 3:
        return None
    for i in range(len(text) - n + 1):
        diff = [(a, b) for a, b in zip(word, text[i:i + n]) if a != b]
        if len(diff) == 1 and not (diff[0][0] in _NUMERALS and diff[0][1] in _NUMERALS):
            return i
    return None


def _drop_one_off(text: str, word: str) -> str:
    """``text`` without the piece that is ``word`` with one character changed."""
    i = _one_off_at(word, text)
    return text if i is None else text[:i] + " " + text[i + len(word):]


def _number(raw: str) -> float:
    """20 → 20, 2.5 → 2.5, 三 → 3, 两个半 → 2.5, 半 → 0.5."""
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    half = 0.5 if raw.endswith("半") else 0.0
    core = raw.rstrip("半").rstrip("个").replace("两", "二")
    return (to_int(core) if core else 0) + half


def parse_aggregate(q: str, departments: list[str], tokenizer: Tokenizer,
                    units: list[str] | None = None, own_names: frozenset[str] = frozenset(),
                    known: Callable[[str], bool] | None = None) -> AggregateQuery | None:
    """The filters a list question sets, or None when ``q`` (normalised) is not one.
    ``departments``: the services' departments; ``units``: the plan tasks' responsible
    units (both longest first); ``own_names``: the words naming this office (大窑湾海关 …),
    which name no filter; ``known``: whether a word occurs in the facts — a word that does
    not (那些, 搞定, 方面) filters nothing."""
    if not LIST_WORDS.search(q):
        return None
    kind = "measure" if re.search(r"措施|第几条|哪几条", q) else "plan_task" if "任务" in q else "service"
    query = AggregateQuery(kind)
    rest = q
    owners = (units or []) if kind == "plan_task" else departments
    dept = next((d for d in owners if d in q), None) or next((d for d in owners if one_off(d, q)), None)
    if dept:
        query.department = dept
        if kind == "plan_task":
            query.role = "only" if _ONLY.search(q) else "lead" if _LEAD.search(q) else "any"
        rest = rest.replace(dept, " ") if dept in rest else _drop_one_off(rest, dept)
    m = _LIMIT.search(rest)
    if m:
        query.value, query.unit = _number(m.group(1)), UNIT_WORDS[m.group(2)]
        before, after = rest[:m.start()], rest[m.end():]
        query.compare = "=" if _STATED.search(before) else ">" if _MORE.search(before) or _MORE.search(after) else \
            "<=" if _LESS.search(before) or _LESS.search(after) else "="
        rest = rest.replace(m.group(0), " ")
    else:
        m = _UNIT_ONLY.search(rest)
        if m:
            query.unit = UNIT_WORDS[next(g for g in m.groups() if g)]
            rest = rest.replace(m.group(0), " ")
    rest = DOC_NAMES.sub(" ", LIST_WORDS.sub(" ", re.sub(r"[“”\"'「」《》]", " ", rest)))
    words = [w for w in tokenizer.words_of(rest) if w not in STOP_WORDS and w not in FRAME_WORDS
             and w not in own_names and len(w) >= 2 and (known is None or known(w) or w in SYNONYMS)]
    query.words = _longest_first(words)
    if not (query.department or query.unit or query.words):
        return None
    return query


def _longest_first(words: list[str]) -> list[str]:
    """jieba's search mode yields a word and its parts (三级审批, 三级, 审批): keep the longest."""
    out: list[str] = []
    for w in sorted(dict.fromkeys(words), key=len, reverse=True):
        if not any(w in longer for longer in out):
            out.append(w)
    return out
