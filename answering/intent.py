"""What a question asks for, from its words (after normalisation).

Does not handle: questions asking two things at once (the first match wins, in the order
of INTENTS), negated questions ("不需要材料吗").
"""
from __future__ import annotations

import re

from answering.types import Intent
from indexer.tokenize import normalize

INTENTS: list[tuple[Intent, re.Pattern[str]]] = [
    (Intent.checklist, re.compile(r"清单|checklist|打印.*单子")),
    (Intent.time_limit, re.compile(r"多久|多长时间|几天|几个工作日|时限|多少天|多少时间|期限|多快|how long|time limit|when.*ready")),
    (Intent.documents, re.compile(r"材料|单据|资料|带什么|带哪些|准备什么|准备哪些|提交什么|提供什么|要交|证件|document|paper")),
    (Intent.department, re.compile(r"哪个处|哪个部门|哪个科|哪个窗口|在哪办|在哪里办|去哪|找谁|哪个处室|which (department|office)|where")),
    (Intent.steps, re.compile(r"流程|步骤|怎么办|如何办|怎么弄|怎么处理|程序|手续|怎么操作|procedure|steps|process|how (do|to|can)")),
]
WORKING_HOURS = re.compile(r"工作时间|上班时间|办公时间|几点|开门|下班|周[六日末]|星期[六日天]|(办公|上班|营业)吗|"
                           r"working hours|opening hours|open on")
DEPARTMENTS = re.compile(r"(哪些|几个|多少个?)(处室|部门|机构)|内设机构|处室有哪些|部门有哪些|departments")
OVERVIEW = re.compile(r"概况|简介|介绍一下|是什么样的海关|什么级别|管辖范围|管哪些|overview")
MEASURE_NO = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:条|项)(?!任务)|措施\s*[（(]?\s*([0-9]+|[一二三四五六七八九十]+)"
                        r"|measure\s*(?:no\.?|number|#)?\s*([0-9]+)")
TASK_NO = re.compile(r"(?:第\s*([0-9]+|[一二三四五六七八九十]+)\s*项?任务|任务\s*([0-9]+))")
DOC_NUMBER = re.compile(r"文号|发文字号|文件号|document number")
PARTS = re.compile(r"哪三个|三个一[^，。？?]*?(?:指的?是|包括|是哪|有哪)")
DEFINITION = re.compile(r"什么意思|含义|是指|指的是|是什么|定义|\bmean")
# words that say what is asked, not what about: left out when judging whether a fact covers a question
QUESTION_WORDS = set("多久 多长 时间 多长时间 几天 几个 工作日 时限 期限 材料 单据 资料 流程 步骤 手续 处室 部门 窗口 "
                     "哪个 哪里 怎么 怎么办 怎么样 怎样 如何 需要 要求 准备 提交 什么 哪些 是否 能否 可以 能不能 "
                     "现在 大概 左右 具体 情况 问题 请问 咨询 知道 告诉 一下 多少 是不是 有没有 应该 必须 "
                     "怎么弄 怎么搞 怎么走 几点 意思 要交 要带 你好 谢谢 这边 那边 一般 能够 "
                     "弄完 办完 办好 办下来 搞定 拿到 完成 的话 呢 东西 "
                     "what how which where when does need long take".split())
# requests aimed at the bot rather than at the knowledge base: no instructions are followed
META_REQUEST = re.compile(r"忽略(以上|上面|之前|前面|所有)|(系统|隐藏)?提示词|system prompt|ignore (all |any )?(previous|prior|above)"
                          r"|你现在是|扮演|角色扮演|越狱|jailbreak|管理员密码|password|口令|api ?key|密钥")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
_EDGE_PUNCT = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def clean_question(text: str) -> str:
    """Normalised question: NFKC, Simplified, lower case, no HTML tags or control
    characters, single spaces, no punctuation at either end. Punctuation inside is kept."""
    text = _CONTROL.sub(" ", _TAG.sub(" ", normalize(text)))
    text = " ".join(text.split())
    text = re.sub(r"([!?。？！，,.])\1+", r"\1", text)
    return _EDGE_PUNCT.sub("", text)


def detect_intent(question: str) -> Intent:
    for name, pattern in INTENTS:
        if pattern.search(question):
            return name
    return Intent.lookup
