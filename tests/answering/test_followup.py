"""Follow-up turns: what marks one, number shifts, contrast swaps — on hand-written turns."""
import pytest

from answering.followup import contrast_shift, looks_like_followup, numbered_shift


@pytest.mark.parametrize("turn,expected", [
    ("那要多久", True), ("出口的呢", True), ("下一条", True), ("这个要带什么", True), ("第6项", True),
    ("冷藏货物查验业务需要提交哪些单据和证明材料", False),
])
def test_what_looks_like_a_followup(turn, expected):
    assert looks_like_followup(turn) is expected


@pytest.mark.parametrize("turn,previous,expected", [
    ("下一条", 5, 6), ("上一条呢", 5, 4), ("第6项呢", 1, 6), ("第十二条", 1, 12), ("那8呢", 3, 8),
    ("后面那条呢", 5, 6), ("前一项", 5, 4), ("再往后一条", 7, 8), ("下条", 2, 3),
    ("要多久", 5, None), ("出口的呢", 2, None), ("后面的业务有哪些", 2, None),
])
def test_numbered_shift(turn, previous, expected):
    assert numbered_shift(turn, previous) == expected


def test_contrast_swaps_the_word_in_the_latest_turn_that_has_it():
    assert contrast_shift("出口的呢", ["进口转关要多久"]) == "出口转关要多久"
    assert contrast_shift("进口呢", ["出口冷藏货物查验", "吨税执照"]) == "进口冷藏货物查验"
    assert contrast_shift("出口的呢", ["进口查验", "进口转关"]) == "出口转关"  # the latest one


def test_no_contrast_means_no_swap():
    assert contrast_shift("要多久", ["进口转关"]) is None
    assert contrast_shift("出口的呢", ["吨税执照"]) is None
    assert contrast_shift("出口的呢", ["进出口转关"]) is None  # the earlier turn says both already


def test_several_short_questions_are_short_questions():
    from answering.followup import short_questions

    assert short_questions("每次能延多久？最多能延几回")
    assert not short_questions("每次能延多久")  # one question: the plain length rule decides
    assert not short_questions("保证金延期每次最长可以延多长时间？一共最多可以延期几次呢")  # a sentence too long
