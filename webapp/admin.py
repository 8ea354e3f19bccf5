"""What the 管理 tab shows staff: the questions the bot could not answer or whose answer
was rated unhelpful, grouped by similar wording with counts, so they see what to add.

    groups = unanswered_groups(store.to_act_on())

Similar wording: the character pairs of two normalised questions, particles (的, 是, 吗 …)
left out, overlap by at least ``SIMILAR`` (Dice) — 进口红酒关税多少 and 进口红酒的关税是多少
are one group. Pure functions, no Gradio.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.tokenize import normalize

SIMILAR = 0.6
PARTICLES = set("的了吗呢啊呀么是请问")
WHY = {"not_found": "未找到答案", "disliked": "回答被评为没帮助"}


@dataclass
class Group:
    wording: str  # the first question of the group, as asked
    pairs: set[str]
    questions: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)
    last: str = ""

    @property
    def count(self) -> int:
        return len(self.questions)


def _pairs(text: str) -> set[str]:
    t = "".join(ch for ch in normalize(text) if ch.isalnum() and ch not in PARTICLES)
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


def unanswered_groups(items: list[dict]) -> list[Group]:
    """``items`` ({question, created, why}) grouped by similar wording, largest first."""
    groups: list[Group] = []
    for item in items:
        pairs = _pairs(item["question"])
        best = max(groups, key=lambda g: _dice(g.pairs, pairs), default=None)
        if best is None or _dice(best.pairs, pairs) < SIMILAR:
            best = Group(item["question"], pairs)
            groups.append(best)
        best.questions.append(item["question"])
        best.reasons[item["why"]] = best.reasons.get(item["why"], 0) + 1
        best.last = max(best.last, item["created"])
    return sorted(groups, key=lambda g: (-g.count, g.wording))


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def groups_rows(groups: list[Group]) -> list[list]:
    """The groups as table rows: wording, count, why, other wordings, last asked."""
    return [[g.wording, g.count, "；".join(f"{WHY.get(k, k)} {v}" for k, v in g.reasons.items()),
             "；".join(dict.fromkeys(q for q in g.questions if q != g.wording))[:300], g.last[:16].replace("T", " ")]
            for g in groups]


GROUP_HEADERS = ["问题（代表）", "次数", "原因", "其他问法", "最近一次"]
