"""What a question asks for, from its words (after normalisation); the patterns and word
lists are data (``lexicon.toml``).

Does not handle: questions asking two things at once (the first match wins, in the order
of INTENTS), negated questions ("不需要材料吗").
"""
from __future__ import annotations

import re

from answering.lexicon import LEXICON
from answering.types import Intent
from indexer.tokenize import normalize

INTENTS = LEXICON.intents
WORKING_HOURS = LEXICON.topics["working_hours"]
DEPARTMENTS = LEXICON.topics["departments"]
OVERVIEW = LEXICON.topics["overview"]
DOC_NUMBER = LEXICON.topics["doc_number"]
PARTS = LEXICON.topics["parts"]
DEFINITION = LEXICON.topics["definition"]
QUESTION_WORDS = LEXICON.question_words
META_REQUEST = LEXICON.meta_request
# numbers as people write them: 第十二条, 措施（31）, 任务5 (the form of a reference, not a word list)
MEASURE_NO = re.compile(r"第\s*([0-9]+|[一二三四五六七八九十百]+)\s*(?:条|项)(?!任务)|措施\s*[（(]?\s*([0-9]+|[一二三四五六七八九十]+)"
                        r"|measure\s*(?:no\.?|number|#)?\s*([0-9]+)")
TASK_NO = re.compile(r"(?:第\s*([0-9]+|[一二三四五六七八九十]+)\s*项?任务|任务\s*([0-9]+))")
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
