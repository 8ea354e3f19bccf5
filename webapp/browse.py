"""The 浏览 tab for help-desk staff: the services (filter, search as the chat searches, open
a card with a plain-text copy and its source, collect several for one checklist), and the
measures and plan tasks, each expandable to its text and own source lines."""
from __future__ import annotations

import gradio as gr

from answering.assistant import Assistant
from answering.intent import clean_question
from indexer.search import Mode
from kb.facts import Measure, PlanTask, Service
from webapp import render
from webapp.chat import plain_text, readable
from webapp.handlers import ChatHandlers


def browse_tab(bot: Assistant, handlers: ChatHandlers) -> None:
    """The browse tab: services (filter, search as the chat searches, open a card, collect
    several for one checklist), the measures and the plan's tasks, each expandable."""
    services = bot.services
    departments = sorted({s.department for s in services}, key=lambda d: next(s.citation.lines[0] for s in services
                                                                               if s.department == d))
    units = sorted({render.unit_of(s) for s in services})
    with gr.Tab("业务办理"):
        with gr.Row():
            dept = gr.Dropdown(["全部"] + departments, value="全部", label="处室", elem_id="kb-dept", min_width=120)
            unit = gr.Dropdown(["全部"] + units, value="全部", label="时限单位", min_width=100)
            value = gr.Dropdown(["全部"] + render.limit_values(services), value="全部", label="时限数值", min_width=100)
            words = gr.Textbox(label="搜索", placeholder="业务、单据或俗称，如：冻品、改单", elem_id="kb-browse-search",
                               min_width=160)
        shown = gr.State([s.id for s in services])
        picked = gr.State(None)
        basket = gr.State([])
        table = gr.Dataframe(render.service_rows(services), headers=render.SERVICE_HEADERS, interactive=False,
                             wrap=True, elem_id="kb-services", column_widths=["16%", "7%", "33%", "24%", "12%", "8%"])
        count = gr.Markdown(f"共 {len(services)} 项业务；点击一行查看办理说明和原文。")
        card = gr.Markdown(elem_id="kb-browse-card")
        with gr.Row():
            add = gr.Button("加入清单", size="sm", elem_id="kb-basket-add")
            make = gr.Button("生成办事清单（PDF）", size="sm", variant="primary", elem_id="kb-basket-make")
            empty = gr.Button("清空清单", size="sm")
        basket_note = gr.Markdown("清单为空：打开一项业务后点“加入清单”，可加入多项。", elem_id="kb-basket")
        basket_file = gr.File(label="办事清单", visible=False, elem_id="kb-basket-file")
        plain = gr.Textbox(label="纯文本（复制到回复中）", lines=6, buttons=["copy"], interactive=False,
                           elem_id="kb-browse-plain")
        with gr.Accordion("原文出处", open=False):
            card_source = gr.HTML()

        def on_filter(d, u, v, w):
            chosen = render.filter_services(services, d, u, "", None if v in (None, "", "全部") else float(v))
            if (w or "").strip():
                chosen = _searched(bot, w, chosen)
            return (render.service_rows(chosen), [s.id for s in chosen],
                    f"共 {len(chosen)} 项业务；点击一行查看办理说明和原文。")

        def on_select(ids, evt: gr.SelectData):
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            if row is None or not 0 <= row < len(ids):
                return None, "", "", ""
            fact = bot.by_id[ids[row]]
            text = readable(fact.card(), handlers.docs)
            return fact.id, text, plain_text(text), render.source_html(fact)

        def basket_text(ids):
            if not ids:
                return "清单为空：打开一项业务后点“加入清单”，可加入多项。"
            return "清单里的业务：" + "；".join(bot.by_id[i].title for i in ids)

        def on_add(fact_id, ids):
            ids = list(ids or [])
            if fact_id and fact_id not in ids:
                ids.append(fact_id)
            return ids, basket_text(ids)

        def on_make(ids):
            chosen = [f for f in (bot.by_id.get(i) for i in ids or []) if isinstance(f, Service)]
            if not chosen:
                return gr.update(visible=False), "清单为空：先打开业务并点“加入清单”。"
            path = handlers.checklist_file(chosen, "pdf" if handlers.pdf_ok else "md")
            return gr.update(value=str(path), visible=True), basket_text(ids)

        for control in (dept, unit, value, words):
            control.change(on_filter, [dept, unit, value, words], [table, shown, count], api_visibility="private")
        table.select(on_select, [shown], [picked, card, plain, card_source], api_visibility="private")
        add.click(on_add, [picked, basket], [basket, basket_note], api_visibility="private")
        make.click(on_make, [basket], [basket_file, basket_note], api_visibility="private")
        empty.click(lambda: ([], basket_text([]), gr.update(visible=False)), None, [basket, basket_note, basket_file],
                    api_visibility="private")
    with gr.Tab("措施"):
        gr.HTML(render.numbered_html([f for f in bot.facts if isinstance(f, Measure)], "第{n}条"),
                elem_id="kb-measures")
    with gr.Tab("口岸方案任务"):
        gr.HTML(render.numbered_html([f for f in bot.facts if isinstance(f, PlanTask)], "任务{n}"),
                elem_id="kb-tasks")


def _searched(bot: Assistant, words: str, services: list[Service]) -> list[Service]:
    """The services the words find as the chat finds them — synonyms (冻品 → 冷冻产品),
    Traditional characters, the domain dictionary — best first, or literally in their text."""
    q = clean_question(words)
    hits = [h for h in bot.index.search(q, k=40, mode=Mode.bm25) if (h.bm25_score or 0) > 0]
    rank = {h.id: n for n, h in enumerate(hits)}
    found = [s for s in services if s.id in rank or q in clean_question(s.title + s.department + s.text)]
    return sorted(found, key=lambda s: rank.get(s.id, len(rank)))
