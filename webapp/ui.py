"""The Gradio Blocks app: chat with self-contained answers (card, source, checklist,
👍/👎, choices and follow-ups as buttons in the answer), a browser of the knowledge base for
help-desk staff, About, the 管理 tab (when enabled) and the `/ask` API endpoint.

    demo, launch_kwargs, handlers = build_app(bot, store, documents, index_manifest)
    (webapp.server mounts it on a FastAPI app beside webapp.routes)

The chat's callbacks are in webapp.handlers, its messages in webapp.chat, the browse tab in
webapp.browse.
"""
from __future__ import annotations

import io
import logging
import tempfile
from pathlib import Path
from typing import Any, cast

import gradio as gr

from answering.assistant import Assistant
from kb.errors import KBError
from kb.feedback import FeedbackStore
from webapp import admin, render
from webapp.admin_access import AdminGate, Exports
from webapp.api import ask_endpoint, feedback_endpoint
from webapp.browse import browse_tab
from webapp.chat import DocInfo
from webapp.handlers import ChatHandlers, new_state

log = logging.getLogger("kb.app")
# system fonts only: nothing is fetched from a font service (offline intranets)
THEME = gr.themes.Soft(primary_hue="blue", secondary_hue="slate", neutral_hue="slate",
                       font=[gr.themes.Font(f) for f in ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
                                                          "sans-serif")],
                       font_mono=[gr.themes.Font(f) for f in ("Noto Sans Mono CJK SC", "monospace")])
CSS = """
.kb-source pre { white-space: pre-wrap; font-size: 0.92em; line-height: 1.5; }
.kb-source mark.kb-cited { background: #fff3b0; display: block; }
.kb-source .kb-ctx { display: block; color: #555; }
.kb-source .kb-ln { color: #888; user-select: none; }
.kb-source-head { font-weight: 600; margin-bottom: 0.4em; }
#kb-services table { table-layout: fixed; width: 100%; }
#kb-services td, #kb-services th { white-space: normal !important; word-break: break-all; }
details.kb-measure { border-bottom: 1px solid #e2e8f0; padding: 0.35em 0; }
details.kb-measure summary { cursor: pointer; }
#kb-chat .options { gap: 6px; }
/* a request the server turned away (busy) is said in a toast; Gradio's "Error" cover would hide the chat */
#kb-chat .wrap:has(> span.error), #kb-question .wrap:has(> span.error) { display: none !important; }
#kb-chat button.option { border-radius: 14px; }
@media (max-width: 640px) {
  /* on a phone the page scrolls, not a box inside it */
  #kb-chat { height: auto !important; max-height: none !important; }
  #kb-chat .bubble-wrap { max-height: none !important; overflow: visible !important; }
  #kb-chat .message-row { margin-left: 0 !important; margin-right: 0 !important; }
  #kb-chat .message-row .flex-wrap, #kb-chat .message-row .message { max-width: 100% !important; width: 100%; }
  .gradio-container { padding: 4px !important; }
}
"""
# what was wrong with an answer, offered under the flag beside 👍/👎 (stored as 👎 with this comment)
REASONS = ("答非所问", "内容不全", "信息过时", "看不懂")
RATING_NOT_STORED = "抱歉，您的评价这次没能保存，请稍后再点一次。"
# after an answer, show its start (the user's question above it), not the end of a long card
SCROLL_JS = """() => { setTimeout(() => {
  const users = document.querySelectorAll('#kb-chat .message-row.user-row, #kb-chat [data-testid="user"]');
  if (users.length) users[users.length - 1].scrollIntoView({block: 'start', behavior: 'smooth'});
}, 80); }"""
STORAGE_KEY = "kb-conversation"  # where the page keeps its conversation (localStorage)
# shown instead of Gradio's English toast when the server's queue is full (webapp.guard: 503)
BUSY = "服务繁忙，请稍等几秒再发送（问题还在输入框里）。"
# the copy button under an answer copies it as plain text (no ** or ####) for WeChat or e-mail;
# Gradio's English button labels and its busy toast in Chinese
COPY_JS = """() => {
  const names = {'Copy message': '复制（纯文本）', 'Feedback': '哪里不对', 'Scroll down': '回到最新'};
  const rename = () => Object.entries(names).forEach(([from, to]) =>
    document.querySelectorAll(`button[aria-label="${from}"]`).forEach((b) => {
      b.setAttribute('aria-label', to); b.title = to; }));
  // the server's queue is full (503): Gradio's own toast is English and titled "Error"
  const busy = () => document.querySelectorAll('[data-testid="toast-text"]').forEach((t) => {
    if (!/currently busy/i.test(t.textContent)) return;
    t.textContent = '%BUSY%';
    const title = t.closest('[data-testid="toast-body"]')?.querySelector('.toast-title');
    if (title) title.textContent = '繁忙';
  });
  new MutationObserver(() => { rename(); busy(); }).observe(document.body, {childList: true, subtree: true});
  // a page closed or reloaded starts a new conversation anyway (webapp.handlers): leave no
  // questions behind in this browser for the next person at a shared terminal
  window.addEventListener('pagehide', () => localStorage.removeItem('%KEY%'));
  document.addEventListener('click', (e) => {
  const button = e.target.closest('#kb-chat button');
  if (!button || !/copy|复制/i.test((button.getAttribute('aria-label') || '') + (button.title || ''))) return;
  let row = button.closest('.message-row');
  if (!row) {  // the buttons sit after the message they belong to
    row = button.closest('.message-buttons');
    while (row && !(row.classList && row.classList.contains('message-row'))) row = row.previousElementSibling;
  }
  const parts = row ? [...row.querySelectorAll('.message-content')] : [];
  const text = parts.map((p) => p.innerText.trim()).join('\\n\\n');
  if (text && navigator.clipboard) setTimeout(() => navigator.clipboard.writeText(text), 80);
}, true); }""".replace("%BUSY%", BUSY).replace("%KEY%", STORAGE_KEY)


def build_app(bot: Assistant, store: FeedbackStore | None, documents: list, index_manifest: dict,
              files: Path | None = None, admin_token: str | None = None,
              admin_enabled: bool | None = None, timezone: str | None = None, exports: Exports | None = None):
    """The Blocks app, Gradio's launch settings and the chat handlers. ``exports`` holds the
    admin tab's downloads until webapp.routes hands them out."""
    files = Path(files or tempfile.mkdtemp(prefix="kb-checklists-"))
    admin_enabled = bot.settings.admin if admin_enabled is None else admin_enabled
    timezone = timezone or bot.settings.timezone
    docs = {d.origin: DocInfo(d.title, d.issuer, d.date) for d in documents if getattr(d, "origin", None)}
    handlers = ChatHandlers(bot, store, files, docs)
    scope = bot.scope
    limit = bot.settings.max_question_chars

    with gr.Blocks(title=scope.name) as demo:
        # the conversation lives in the page (sent with each request): any replica answers the next turn
        state = gr.BrowserState(new_state(), storage_key=STORAGE_KEY)
        gr.Markdown(f"## {scope.name} · 办事咨询\n用自己的话提问：办理时限、所需材料、流程、办理处室，以及收录文件中的措施和条文。"
                    "每个回答都来自公开原文并注明出处。")
        with gr.Tab("咨询", id="chat"):
            chat = gr.Chatbot(value=cast(Any, handlers.start()), label="对话", show_label=False, height=560, elem_id="kb-chat",
                              buttons=["copy"], feedback_options=("Like", "Dislike", *REASONS), autoscroll=False,
                              group_consecutive_messages=False)
            with gr.Row(equal_height=True):
                msg = gr.Textbox(placeholder=f"请输入您的问题（{limit}字以内），例如：报关单填错了想改怎么弄",
                                 show_label=False, scale=6, max_length=limit, elem_id="kb-question", lines=1,
                                 max_lines=4)
                send = gr.Button("发送", variant="primary", scale=1, min_width=70, elem_id="kb-send")
                new = gr.Button("新对话", scale=1, min_width=70, elem_id="kb-new")

            def session_of(request: gr.Request | None) -> str:
                return getattr(request, "session_hash", "") or ""

            def on_ask(message: str, history: list, session_state: dict, request: gr.Request):
                return handlers.ask(message, history, session_state, session_of(request))

            def on_option(history: list, session_state: dict, evt: gr.SelectData, request: gr.Request):
                return handlers.option(str(evt.value), history, session_state, session_of(request))

            def on_like(session_state: dict, evt: gr.LikeData, request: gr.Request):
                index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
                liked = evt.liked if isinstance(evt.liked, bool) else evt.liked == "Like"
                reason = evt.liked if isinstance(evt.liked, str) and evt.liked in REASONS else ""
                outcome = handlers.rate(int(index), liked, session_state, session_of(request), reason)
                log.info("feedback on message %s: %s", index, outcome)
                if outcome == "not stored":  # the storage error is in the log; the user is told, not shown "Error"
                    gr.Warning(RATING_NOT_STORED)

            turn = [chat, msg, state]
            for event in (msg.submit(on_ask, [msg, chat, state], turn, api_visibility="private"),
                          send.click(on_ask, [msg, chat, state], turn, api_visibility="private"),
                          chat.option_select(on_option, [chat, state], turn, api_visibility="private")):
                event.then(None, None, None, js=SCROLL_JS)
            chat.like(on_like, [state], None, api_visibility="private")
            new.click(handlers.reset, None, turn, api_visibility="private")
            chat.clear(handlers.reset, None, turn, api_visibility="private")  # the bin icon: a new conversation too

        with gr.Tab("浏览", id="browse"):
            browse_tab(bot, handlers)

        with gr.Tab("关于", id="about"):
            gr.Markdown(render.about_markdown(bot.facts, documents, index_manifest, timezone))

        if admin_enabled:
            with gr.Tab("管理", id="admin"):
                _admin(store, AdminGate(admin_token, bot.settings.admin_attempts), exports or Exports(), timezone)

        gr.api(ask_endpoint(bot), api_name="ask")
        gr.api(feedback_endpoint(store), api_name="feedback")

    launch_kwargs = {"css": CSS, "theme": THEME, "js": COPY_JS, "allowed_paths": [str(files)],
                     "show_error": False, "footer_links": ["api"]}
    return demo, launch_kwargs, handlers


def _admin(store: FeedbackStore | None, gate: AdminGate, exports: Exports, zone: str) -> None:
    """The 管理 tab: the feedback export for Excel and the questions to act on, with the
    token (webapp.admin_access: always required, wrong tries limited per client)."""
    if not gate.enabled:
        gr.Markdown("管理功能已关闭：需设置环境变量 `KB_ADMIN_TOKEN`（管理口令）后重启应用。")
        return
    gr.Markdown("用户反馈与未解决的问题。请先输入管理口令。")
    token = gr.Textbox(label="管理口令", type="password", elem_id="kb-admin-token")
    with gr.Row():
        export = gr.Button("导出反馈（Excel 可直接打开的 CSV）", elem_id="kb-export")
        show = gr.Button("查看未解决的问题", elem_id="kb-unanswered")
    export_note = gr.Markdown(elem_id="kb-export-note")  # the download link, kept while the table is shown
    note = gr.Markdown(elem_id="kb-admin-note")
    table = gr.Dataframe(headers=admin.GROUP_HEADERS, interactive=False, wrap=True, visible=False,
                         elem_id="kb-unanswered-table")

    def client_of(request: gr.Request | None) -> str:
        return getattr(getattr(request, "client", None), "host", None) or "unknown"

    def on_export(given: str, request: gr.Request):
        problem = gate.refusal(given, client_of(request)) or ("反馈功能未启用。" if store is None else None)
        if problem or store is None:
            return problem
        out = io.StringIO()
        try:
            n = store.export_excel(out, zone)
        except KBError as exc:
            log.error("feedback export failed: %s", exc)
            return "反馈暂时无法导出，请稍后再试。"
        link = exports.put(out.getvalue().encode("utf-8"), "用户反馈.csv")
        return (f"共 {n} 条反馈（时间为 {zone} 当地时间）：[下载 用户反馈.csv]({link})"
                "（链接只能使用一次，5 分钟内有效）")

    def on_show(given: str, request: gr.Request):
        problem = gate.refusal(given, client_of(request)) or ("反馈功能未启用。" if store is None else None)
        if problem or store is None:
            return gr.update(visible=False), problem
        try:
            groups = admin.unanswered_groups(store.to_act_on())
        except KBError as exc:
            log.error("unanswered questions not read: %s", exc)
            return gr.update(visible=False), "反馈暂时无法读取，请稍后再试。"
        return (gr.update(value=admin.groups_rows(groups), visible=True),
                f"共 {len(groups)} 类问题（相近的问法归为一类），按次数排列；可据此补充文件或同义词。")

    export.click(on_export, [token], [export_note], api_visibility="private")
    show.click(on_show, [token], [table, note], api_visibility="private")
