"""What a question asks for, from its words (after normalisation).

Does not handle: questions asking two things at once (the first match wins, in the order
of INTENTS), negated questions ("不需要材料吗").
"""
from __future__ import annotations

import re

INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("checklist", re.compile(r"清单|checklist|打印.*单子")),
    ("time_limit", re.compile(r"多久|多长时间|几天|几个工作日|时限|多少天|多少时间|期限|多快|how long|time limit|when.*ready")),
    ("documents", re.compile(r"材料|单据|资料|带什么|带哪些|准备什么|准备哪些|提交什么|提供什么|要交|证件|document|paper")),
    ("department", re.compile(r"哪个处|哪个部门|哪个科|哪个窗口|在哪办|在哪里办|去哪|找谁|哪个处室|which (department|office)|where")),
    ("steps", re.compile(r"流程|步骤|怎么办|如何办|怎么弄|怎么处理|程序|手续|怎么操作|procedure|steps|process|how (do|to|can)")),
]
WORKING_HOURS = re.compile(r"工作时间|上班时间|办公时间|几点|开门|下班|working hours|opening hours")
DEPARTMENTS = re.compile(r"(哪些|几个|多少个?)(处室|部门|机构)|内设机构|处室有哪些|部门有哪些|departments")
OVERVIEW = re.compile(r"概况|简介|介绍一下|是什么样的海关|什么级别|管辖范围|管哪些|overview")
MEASURE_NO = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:条|项)(?!任务)|措施\s*([0-9]+)")
TASK_NO = re.compile(r"(?:第\s*([0-9]+|[一二三四五六七八九十]+)\s*项?任务|任务\s*([0-9]+))")


def detect_intent(question: str) -> str:
    for name, pattern in INTENTS:
        if pattern.search(question):
            return name
    return "lookup"
