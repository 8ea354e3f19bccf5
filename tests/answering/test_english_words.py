"""The English word classes the reading uses, from the compact file, are lemminflect's own:
every word in the file and the words of the English QA sets, checked against the library."""
import json
import re
from pathlib import Path

from lemminflect import getAllLemmas

from answering.english_words import CLASSES, DATA, classes, past_verb

ROOT = Path(__file__).resolve().parents[2]


def lemminflect_view(word: str) -> tuple[str, str | None]:
    lemmas = getAllLemmas(word)
    kinds = "".join(CLASSES[k] for k in CLASSES if k in lemmas)
    verb = str(lemmas["VERB"][0]) if word.endswith("ed") and "VERB" in lemmas and "ADJ" not in lemmas else None
    return kinds, verb


def test_the_file_is_lemminflect_word_for_word():
    import gzip

    rows = [line.split("\t") for line in gzip.decompress(DATA.read_bytes()).decode("utf-8").split("\n")]
    assert len(rows) > 60_000
    wrong = [w for w, kinds, verb in rows if (kinds, verb or None) != lemminflect_view(w)]
    assert not wrong, wrong[:20]


def test_the_words_of_the_english_questions_are_looked_up_as_lemminflect_reads_them():
    words = ["qingdao", "smartwatch", "zzzz", "a", "ed"]  # the first three are not in the dictionary
    for path in sorted((ROOT / "evals").glob("qa_english*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words += re.findall(r"[a-z']+", json.loads(line)["question"].lower())
    wrong = [w for w in dict.fromkeys(words) if (classes(w), past_verb(w)) != lemminflect_view(w)]
    assert not wrong, wrong[:20]


def test_the_answers_the_reading_needs():
    assert classes("supplier") == "N" and "A" in classes("special") and classes("qingdao") == ""
    assert past_verb("submitted") == "submit" and past_verb("bonded") is None and past_verb("vessel") is None
