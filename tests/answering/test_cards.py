"""Cards and lead sentences from the inline facts: every line from a field, citation last."""
import pytest

from answering.cards import lead_sentence, list_card
from answering.types import Intent
from tests.inline_facts import MEASURES, SERVICES, TASKS

COLD, DANGER, DEPOSIT, FIX = SERVICES


def test_service_card_fields_in_order():
    card = COLD.card().splitlines()
    assert card[0] == "#### 冷藏货物查验业务 · 查验一处"
    assert "**办理时限**：3个工作日" in card
    assert card.index("**作业流程**：") < card.index("1. 企业预约查验") < card.index("**所需单据**：")
    assert "- 检验检疫证书" in card
    assert card[-1] == "> 来源：某海关办事指南 › 业务 › 查验一处 › 1、冷藏货物查验业务（guide.txt 第10–15行）"


def test_document_groups_and_notes():
    card = DEPOSIT.card()
    assert "- 征收：\n    - 保证金收据\n    - 情况说明\n- 退还：\n    - 退还申请" in card
    assert "**说明**：材料不齐的不予受理" in card


def test_missing_time_limit_is_said_not_invented():
    bare = COLD.model_copy(update={"time_limit": None})
    assert "原文未列明办理时限" in bare.card()


def test_measure_and_task_cards():
    assert MEASURES[2].card().splitlines()[:2] == ["#### 第3条 减免查验费用", "*二、降低企业成本*"]
    task = TASKS[0].card()
    assert task.startswith("#### 任务1. 推进口岸收费公示") and "**责任单位**：市口岸办、海关" in task


@pytest.mark.parametrize("intent,expected", [
    (Intent.time_limit, "**冷藏货物查验业务**（查验一处）的办理时限：**3个工作日**。"),
    (Intent.documents, "**冷藏货物查验业务**（查验一处）所需单据：报关单、检验检疫证书。"),
    (Intent.department, "**冷藏货物查验业务**（查验一处）由**查验一处**办理。"),
    (Intent.steps, "**冷藏货物查验业务**（查验一处）的作业流程共3步，见下。"),
    (Intent.lookup, "**冷藏货物查验业务**（查验一处）的办理说明如下。"),
])
def test_lead_sentence_answers_what_was_asked(intent, expected):
    assert lead_sentence(COLD, intent) == expected


def test_no_lead_sentence_for_other_kinds():
    assert lead_sentence(MEASURES[0], Intent.time_limit) == ""


def test_list_card_numbers_items_quotes_evidence_and_cites_each_document():
    text = list_card("时限3个工作日", [COLD, FIX, MEASURES[0]], {COLD.id: "三级审批后放行"})
    lines = text.splitlines()
    assert lines[0] == "符合条件（时限3个工作日）的共 **3** 项："
    assert "1. **冷藏货物查验业务** · 查验一处 · 办理时限：3个工作日" in lines
    assert "    - 原文：三级审批后放行" in lines
    assert "3. 第1条 **压缩通关时间**" in lines
    assert lines[-1].startswith("> 来源：十项措施（guide.txt）；某海关办事指南（guide.txt）")
