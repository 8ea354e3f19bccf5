"""The Gradio Blocks app: chat with cards, citations and checklists; a browser of the
knowledge base for help-desk staff; About; and the `/ask` API endpoint.

    demo, launch_kwargs = build_app(bot, store)
    demo.launch(**launch_kwargs)

State per browser session (gr.State): the user's earlier turns, for follow-ups, and the
last answer, for feedback and downloads. Handlers never raise into the page: an
unexpected error becomes a short message and is logged on the server.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import tempfile
import threading
from pathlib import Path

import gradio as gr

from answering.assistant import Assistant
from answering.checklist import Checklist, find_cjk_font
from answering.types import Answer, Intent, Status
from kb.errors import KBError
from kb.facts import Measure, PlanTask, Service
from kb.feedback import FeedbackStore
from webapp import render

log = logging.getLogger("kb.app")
CSS = """
.kb-source pre { white-space: pre-wrap; font-size: 0.92em; line-height: 1.5; }
.kb-source mark.kb-cited { background: #fff3b0; display: block; }
.kb-source .kb-ctx { display: block; color: #555; }
.kb-source .kb-ln { color: #888; user-select: none; }
.kb-source-head { font-weight: 600; margin-bottom: 0.4em; }
"""


def _new_state() -> dict:
    return {"history": [], "last": None}


class ChatHandlers:
    """The chat tab's callbacks, bound to one assistant, feedback store and file folder."""

    def __init__(self, bot: Assistant, store: FeedbackStore | None, files: Path):
        self.bot, self.store, self.files = bot, store, files
        try:
            find_cjk_font()
            self.pdf_ok = True
        except KBError:
            self.pdf_ok = False

    def ask(self, message: str, chat: list, state: dict):
        """Answer ``message`` in the light of this session's earlier turns."""
        state = state or _new_state()
        message = message if isinstance(message, str) else ""
        try:
            answer: Answer | None = self.bot.ask(message, state["history"])
        except Exception:  # a bug must not reach the page as a traceback
            log.exception("answering failed for %r", message[:200])
            answer = None
        remember = message if message.strip() and len(message) <= self.bot.settings.max_question_chars else None
        return self._show(answer, message, chat, state, remember)

    def reset(self):
        """A new conversation: empty chat, no memory of earlier turns, panels cleared."""
        return ([], "", _new_state()) + self._panels(None)

    def choose(self, choice: str, chat: list, state: dict):
        """A clarification answered by clicking one candidate: that fact, for the question asked."""
        state = state or _new_state()
        last = state.get("last") or {}
        picked = next((c for c in last.get("candidates") or [] if _label(c) == choice), None)
        if picked is None:
            return (chat, "", state) + self._panels(None)
        intent = Intent(last["intent"]) if last.get("intent") else None
        try:
            answer: Answer | None = self.bot.choose(picked["id"], last.get("question", ""), intent)
        except Exception:
            log.exception("choosing %r failed", choice[:200])
            answer = None
        # the conversation remembers the choice as the thing chosen, so a follow-up refers to it
        remember = f"{picked.get('department') or ''} {picked['title']}".strip()
        return self._show(answer, f"选择：{choice}", chat, state, remember)

    def _show(self, answer: Answer | None, shown: str, chat: list, state: dict, remember: str | None):
        """The chat with the user's turn (``shown``) and the answer, and the panels for it."""
        chat = list(chat or [])
        chat.append({"role": "user", "content": render.user_text(shown) or "（空）"})
        if answer is None:
            chat.append({"role": "assistant", "content": "抱歉，处理这个问题时出错了，请换个说法再试。"})
            return (chat, "", state) + self._panels(None)
        chat.append({"role": "assistant", "content": answer.answer})
        if remember:
            state["history"] = (state["history"] + [remember])[-max(1, self.bot.settings.max_history):]
        state["last"] = answer.contract()
        return (chat, "", state) + self._panels(answer)

    def _panels(self, answer: Answer | None):
        """Source panel, clarification choices, two download buttons, feedback note."""
        source, choices = "", gr.update(choices=[], value=None, visible=False)
        md = pdf = gr.update(value=None, visible=False)
        if answer is not None and answer.main is not None and answer.status == Status.answered:
            source = render.source_html(answer.main)
            services = [f for f in answer.facts if isinstance(f, Service)][:12]
            if services:
                md, pdf = self._checklist_buttons(services)
        if answer is not None and answer.status == Status.clarify:
            labels = [_label(c.view()) for c in answer.candidates]
            choices = gr.update(choices=labels, value=None, visible=True)
        return source, choices, md, pdf, ""

    def _checklist_buttons(self, services: list[Service]):
        """Markdown and PDF checklists for these services, made once per set and day and
        then served from the same files (the folder does not grow with every question)."""
        checklist = Checklist.of(services, self.bot.facts, self.bot.scope.issuer_of(services[0]))
        key = hashlib.sha1("|".join([checklist.made_on] + [s.id for s in services]).encode()).hexdigest()[:16]
        folder = self.files / key
        folder.mkdir(exist_ok=True)
        md_path, pdf_path = folder / checklist.filename("md"), folder / checklist.filename("pdf")
        if not md_path.exists():
            _write_atomic(md_path, checklist.markdown().encode("utf-8"))
        md = gr.update(value=str(md_path), visible=True)
        pdf = gr.update(value=None, visible=False)
        if self.pdf_ok:
            try:
                if not pdf_path.exists():
                    _write_atomic(pdf_path, checklist.pdf())
                pdf = gr.update(value=str(pdf_path), visible=True)
            except Exception:
                log.exception("PDF checklist failed")
        return md, pdf

    def feedback(self, rating: int, comment: str, state: dict, request: gr.Request | None = None):
        last = (state or {}).get("last")
        if not last:
            return "请先提问，再评价回答。", comment
        if self.store is None:
            return "反馈功能未启用。", comment
        try:
            ids = [f["id"] for f in last.get("facts") or last.get("candidates") or []]
            session = getattr(request, "session_hash", "") or ""
            n = self.store.add(last["question"], ids, rating, comment or "", last.get("status"), session)
        except KBError as exc:
            log.error("feedback not stored: %s", exc)
            return "反馈暂时无法保存，请稍后再试。", comment
        return f"感谢反馈，已记录（编号 {n}）。", ""


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _label(candidate: dict) -> str:
    return f"{candidate['title']}（{candidate.get('department') or candidate['citation']['title']}）"


def admin_allowed(token_given: str, admin_token: str | None, loopback: bool) -> bool:
    """The admin view (feedback export): with KB_ADMIN_TOKEN set, only for that token;
    without it, only when the app is bound to this machine alone."""
    if admin_token:
        return hmac.compare_digest((token_given or "").encode(), admin_token.encode())
    return loopback


def build_app(bot: Assistant, store: FeedbackStore | None, documents: list, index_manifest: dict,
              files: Path | None = None, admin_token: str | None = None, loopback: bool = True):
    files = Path(files or tempfile.mkdtemp(prefix="kb-checklists-"))
    chat_handlers = ChatHandlers(bot, store, files)
    services = bot.services
    departments = sorted({s.department for s in services}, key=lambda d: next(s.citation.lines[0] for s in services
                                                                               if s.department == d))
    units = sorted({render.unit_of(s) for s in services})

    scope = bot.scope
    with gr.Blocks(title=scope.name) as demo:
        state = gr.State(_new_state())
        gr.Markdown(f"# {scope.name}\n用自己的话提问：办理时限、所需材料、流程、办理处室，以及收录文件中的条文和措施。"
                    "每个回答都来自公开原文并注明出处。")
        with gr.Tab("咨询", id="chat"):
            chat = gr.Chatbot(label="对话", height=520, elem_id="kb-chat", buttons=["copy"])
            with gr.Row():
                msg = gr.Textbox(placeholder="例如：报关单填错了想改怎么弄", show_label=False, scale=5,
                                 max_length=bot.settings.max_question_chars * 2, elem_id="kb-question")
                send = gr.Button("发送", variant="primary", scale=1, elem_id="kb-send")
                new = gr.Button("新对话", scale=1, elem_id="kb-new")
            choices = gr.Radio(label="请选择您要问的业务", visible=False, elem_id="kb-choices")
            with gr.Row():
                md_btn = gr.DownloadButton("下载办事清单（Markdown）", visible=False, elem_id="kb-dl-md")
                pdf_btn = gr.DownloadButton("下载办事清单（PDF 打印版）", visible=False, elem_id="kb-dl-pdf")
            with gr.Accordion("原文出处（点击展开查看引用的原文）", open=False, elem_id="kb-source-box"):
                source = gr.HTML(elem_id="kb-source")
            with gr.Row():
                up = gr.Button("👍 有帮助", size="sm", elem_id="kb-up")
                down = gr.Button("👎 没帮助", size="sm", elem_id="kb-down")
                comment = gr.Textbox(placeholder="可选：告诉我们哪里不对", show_label=False, scale=4, max_length=2000)
            note = gr.Markdown(elem_id="kb-feedback-note")
            gr.Examples(scope.examples, inputs=[msg], label="试试这些问题")
            outputs = [chat, msg, state, source, choices, md_btn, pdf_btn, note]
            new.click(chat_handlers.reset, None, outputs, api_name="chat_new", api_visibility="private")
            msg.submit(chat_handlers.ask, [msg, chat, state], outputs, api_name="chat_submit",
                       api_visibility="private")
            send.click(chat_handlers.ask, [msg, chat, state], outputs, api_name="chat_send", api_visibility="private")
            choices.input(chat_handlers.choose, [choices, chat, state], outputs, api_name="chat_choose",
                          api_visibility="private")

            def helpful(comment_text: str, session_state: dict, request: gr.Request):
                return chat_handlers.feedback(1, comment_text, session_state, request)

            def unhelpful(comment_text: str, session_state: dict, request: gr.Request):
                return chat_handlers.feedback(-1, comment_text, session_state, request)

            up.click(helpful, [comment, state], [note, comment], api_name="feedback_up", api_visibility="private")
            down.click(unhelpful, [comment, state], [note, comment], api_name="feedback_down",
                       api_visibility="private")

        with gr.Tab("浏览", id="browse"):
            with gr.Tab("业务办理"):
                with gr.Row():
                    dept = gr.Dropdown(["全部"] + departments, value="全部", label="处室", elem_id="kb-dept")
                    unit = gr.Dropdown(["全部"] + units, value="全部", label="时限单位")
                    value = gr.Dropdown(["全部"] + render.limit_values(services), value="全部", label="时限数值")
                    words = gr.Textbox(label="搜索", placeholder="业务名称或单据")
                shown = gr.State([s.id for s in services])
                table = gr.Dataframe(render.service_rows(services), headers=render.SERVICE_HEADERS,
                                     interactive=False, wrap=True, elem_id="kb-services")
                count = gr.Markdown(f"共 {len(services)} 项业务；点击一行查看办理说明和原文。")
                card = gr.Markdown()
                card_source = gr.HTML()

                def on_filter(d, u, v, w):
                    chosen = render.filter_services(services, d, u, w, None if v in (None, "", "全部") else float(v))
                    return (render.service_rows(chosen), [s.id for s in chosen],
                            f"共 {len(chosen)} 项业务；点击一行查看办理说明和原文。")

                def on_select(ids, evt: gr.SelectData):
                    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
                    if row is None or not 0 <= row < len(ids):
                        return "", ""
                    fact = bot.by_id[ids[row]]
                    return fact.card(), render.source_html(fact)

                for control in (dept, unit, value, words):
                    control.change(on_filter, [dept, unit, value, words], [table, shown, count],
                                   api_visibility="private")
                table.select(on_select, [shown], [card, card_source], api_visibility="private")
            with gr.Tab("措施"):
                gr.Markdown(render.measures_markdown([f for f in bot.facts if isinstance(f, Measure)]))
            with gr.Tab("口岸方案任务"):
                gr.Dataframe(render.task_rows([f for f in bot.facts if isinstance(f, PlanTask)]),
                             headers=["序号", "部分", "任务", "责任单位"], interactive=False, wrap=True)

        with gr.Tab("关于", id="about"):
            gr.Markdown(render.about_markdown(bot.facts, documents, index_manifest))

        with gr.Tab("管理", id="admin"):
            if not admin_token and not loopback:
                gr.Markdown("管理功能已关闭：应用对外开放时，需设置环境变量 `KB_ADMIN_TOKEN` 才能导出反馈。")
            else:
                gr.Markdown("导出用户反馈（CSV，含问题、回答所依据的事实编号、评价和意见）。"
                            + ("请输入管理口令。" if admin_token else "仅本机访问时可用。"))
                token = gr.Textbox(label="管理口令", type="password", visible=bool(admin_token))
                export = gr.Button("导出反馈 CSV", elem_id="kb-export")
                export_file = gr.File(label="反馈文件", visible=False)
                export_note = gr.Markdown()

                def on_export(given: str):
                    if not admin_allowed(given, admin_token, loopback):
                        return gr.update(visible=False), "口令不正确。"
                    if store is None:
                        return gr.update(visible=False), "反馈功能未启用。"
                    path = Path(tempfile.mkdtemp(dir=files)) / "feedback.csv"
                    with path.open("w", encoding="utf-8", newline="") as fh:
                        n = store.export_csv(fh)
                    return gr.update(value=str(path), visible=True), f"共 {n} 条反馈。"

                export.click(on_export, [token], [export_file, export_note], api_visibility="private")

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer a question as the `kb ask` contract JSON; history = earlier user turns."""
            history = [h for h in (history or []) if isinstance(h, str)]
            return bot.ask(question if isinstance(question, str) else "", history).contract()

        gr.api(ask, api_name="ask")

    launch_kwargs = {"css": CSS, "allowed_paths": [str(files)], "show_error": False,
                     "footer_links": ["api"]}
    return demo, launch_kwargs
