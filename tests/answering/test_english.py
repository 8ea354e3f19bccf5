"""Questions in English read into Chinese through the glossary (answering/english.toml and
the office's own file), then answered by the same pipeline: the reading itself, what is
left unread, the office's additions, bad files, and answers that show the reading."""
from pathlib import Path

import pytest

from answering.english import English, stem
from answering.types import Status
from kb.lexicon import LexiconError
from tests.answering.conftest import titles

GLOSSARY = English.load()


@pytest.mark.parametrize("word,singular", [("vessels", "vessel"), ("companies", "company"), ("boxes", "box"),
                                           ("ship's", "ship"), ("process", "process"), ("status", "status"),
                                           ("analysis", "analysis"), ("was", "was")])
def test_plurals_and_possessives_fold_to_the_singular(word, singular):
    assert stem(word) == singular


def test_the_longest_phrase_wins_and_words_that_carry_nothing_are_dropped():
    reading = GLOSSARY.read("Please, how long does the customs price review take?")
    assert reading.text == "多久海关审价" and not reading.unknown
    assert GLOSSARY.read("what documents for a bonded warehouse").text == "哪些材料保税仓库"
    # "plan" the verb carries nothing; "plan" the document is the plan (实施方案)
    assert "实施方案" not in GLOSSARY.read("How many days should we plan for the inspection?").text
    assert "实施方案" in GLOSSARY.read("What does the plan say about port fees?").text


def test_numbers_are_read_by_pattern_and_kept_apart():
    assert GLOSSARY.read("What is measure No. 23 of the 43 measures?").text == "是什么措施23，43条措施"
    assert GLOSSARY.read("is 3 working days the time limit").text == "3个工作日多久"


def test_words_the_glossary_does_not_know_are_kept_as_unknown():
    reading = GLOSSARY.read("What is the import duty rate for bicycles?")
    assert reading.unknown == ("bicycles",) and "关税税率" in reading.text


@pytest.mark.parametrize("word,thing", [("bicycle", True), ("supplier", True), ("Qingdao", True),
                                        ("smartwatch", True), ("rejected", False), ("urgent", False),
                                        ("inside", False), ("e", False)])
def test_an_unknown_word_blocks_the_reading_only_when_it_may_name_a_thing(word, thing):
    from answering.english import names_a_thing

    assert names_a_thing(word) is thing


def test_an_unknown_verb_is_left_out_and_shown(bot):
    reading = GLOSSARY.read("We urgently need the tonnage dues certificate, can customs expedite it?")
    assert reading.dropped == ("expedite",) and not reading.unknown
    answer = bot.ask("We urgently need the tonnage dues certificate, can customs expedite it?")
    assert titles(answer) == ["船舶吨税执照业务"]
    assert "未用到的词（not used）：expedite*" in answer.answer.splitlines()[0]


def test_past_participles_fold_to_the_verb_unless_also_adjectives():
    assert stem("submitted") == "submit" and stem("declared") == "declare" and stem("need") == "need"
    assert stem("bonded") == "bonded" and stem("registered") == "registered"


def test_a_misspelt_glossary_word_is_read_as_that_word():
    assert GLOSSARY.read("how long for a paper declaraton out of the archive").unknown == ()
    assert GLOSSARY.read("customs clearence").text == "报关"  # customs clearance
    assert GLOSSARY.read("the bicycel").unknown == ("bicycel",)  # near no glossary word


@pytest.mark.parametrize("text,english", [("How long does it take?", True), ("报关单修改要多久", False),
                                          ("H986机检要多久", False), ("AEO认证", False), ("ok", False),
                                          ("<img src=x onerror=alert(1)>护照<b>怎么</b>换", False)])
def test_only_questions_mostly_in_latin_letters_count_as_english(text, english):
    assert English.asked_in(text) is english


def test_the_office_adds_its_own_names(tmp_path: Path):
    assert GLOSSARY.read("Dayaowan customs hours").unknown == ("dayaowan",)
    (tmp_path / "english.toml").write_text('[terms]\n"大窑湾" = ["dayaowan"]\n"海关" = ["guan"]\n',
                                           encoding="utf-8")
    own = English.load(tmp_path)
    assert own.read("Dayaowan customs hours").text == "大窑湾海关工作时间"
    assert own.read("guan").text == "海关"  # added to the shipped phrases of the same wording


def test_a_bad_office_file_names_its_file_and_line(tmp_path: Path):
    (tmp_path / "english.toml").write_text('[terms]\n"大窑湾" = "dayaowan"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"english\.toml:2"):
        English.load(tmp_path)
    (tmp_path / "english.toml").write_text('[terms]\n"保函" = ["bond"]\n"保税" = ["bonds"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"english\.toml:1: terms.*'bonds' \(保函, 保税\)"):
        English.load(tmp_path)  # one phrase (its singular) under two wordings: which one is meant?
    (tmp_path / "english.toml").write_text('[ignore]\nwords = ["no one"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"english\.toml:1: ignore.*single words"):
        English.load(tmp_path)
    (tmp_path / "english.toml").write_text("[patterns]\n'(unclosed' = 'x'\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"english\.toml"):
        English.load(tmp_path)


def test_an_english_question_is_answered_as_its_reading_and_shows_it(bot):
    answer = bot.ask("How long does the customs price review take?")
    assert answer.status == Status.answered and titles(answer) == ["审价业务"]
    assert answer.question == "How long does the customs price review take?"
    assert answer.answer.startswith("*按中文理解为（read as）：多久海关审价*") and "3个工作日" in answer.answer


def test_an_english_follow_up_reads_its_history_too(bot):
    answer = bot.ask("and which documents?", ["How long does the customs price review take?"])
    assert titles(answer) == ["审价业务"] and answer.intent == "documents"


def test_a_question_partly_understood_is_not_answered_but_names_what_was_not_understood(bot):
    answer = bot.ask("Our landlord rejected the shipment, how long does a return shipment take?")
    assert answer.status == Status.not_found and not answer.facts
    assert "words not understood）：landlord。" in answer.answer  # a noun: what the question is about may hang on it
    assert "- 退运业务（综合业务二处）" in answer.answer  # what the known words lead to: a suggestion only
    assert "相近的内容" in answer.answer


def test_chinese_questions_are_not_read(bot):
    assert "read as" not in bot.ask("审价要多久").answer


def test_another_office_named_in_english_is_refused_read_or_not(bot):
    for question in ("What are the working hours of Qingdao customs?", "Qingdao customs hours for my grandpa?"):
        answer = bot.ask(question)
        assert answer.status == Status.not_found and "没有“青岛海关”的信息" in answer.answer, question
        assert answer.question == question


def test_an_earlier_english_turn_with_an_unknown_word_still_gives_the_conversation_its_topic(bot):
    history = ["My grandpa's urn: how do I declare human remains at entry?"]
    assert GLOSSARY.read(history[0]).unknown  # not read for an answer of its own
    answer = bot.ask("and how long does it take?", history)
    assert titles(answer) == ["出入境尸体骸骨申报查验业务"]


def test_the_encoder_alone_may_answer_a_partly_read_question_only_where_its_reading_leads(bot, facts):
    from answering.resolvers import Turn
    from answering.types import Answer

    question = "does customs auction off goods nobody collects?"
    reading = GLOSSARY.read(question)
    assert reading.unknown == ("auction",)
    near = [h.id for h in bot.index.search(Turn.of(reading.text, [], 500).q, k=bot.settings.english_agreement,
                                           mode=bot.mode)]
    by_id = {f.id: f for f in facts}
    led_to = next(by_id[i] for i in near if by_id[i].kind != "passage")
    far = next(f for f in facts if f.kind == "service" and f.id not in near)
    passage = next(by_id[i] for i in near if by_id[i].kind == "passage")

    def partly(fact):
        return bot._partly_read(question, reading, Answer(question, Status.answered, "…", facts=[fact]))

    kept = Answer(question, Status.answered, "…", facts=[led_to])
    assert bot._partly_read(question, reading, kept) is kept  # the reading agrees: a structured fact it ranks
    for refused in (far, passage):  # a service the reading does not lead to (tonnage dues → 企业认证), or prose
        answer = partly(refused)
        assert answer.status == Status.not_found and "words not understood）：auction" in answer.answer
