"""Gradio's per-session state is bounded: at most KB_MAX_SESSIONS sessions, and a session
unused for KB_SESSION_MINUTES is dropped (the conversation lives in the page)."""
import datetime

import gradio as gr
from gradio.state_holder import StateHolder

from webapp.server import expire_idle


def _holder(capacity: int) -> StateHolder:
    with gr.Blocks() as demo:
        gr.Textbox("x")
    demo.state_session_capacity = capacity
    holder = StateHolder()
    holder.set_blocks(demo)
    return holder


def test_idle_sessions_are_dropped_and_busy_ones_kept():
    holder = _holder(100)
    for sid in ("old-1", "old-2", "recent"):
        holder[sid]
    long_ago = datetime.datetime.now() - datetime.timedelta(minutes=31)
    holder.time_last_used["old-1"] = holder.time_last_used["old-2"] = long_ago
    assert expire_idle(holder, 30 * 60) == 2
    assert list(holder.session_data) == ["recent"] and list(holder.time_last_used) == ["recent"]
    assert expire_idle(holder, 30 * 60) == 0


def test_the_server_bounds_the_sessions_it_keeps_and_guards_every_request():
    from kb.settings import Settings
    from webapp.guard import Guard
    from webapp.server import server_app

    with gr.Blocks() as demo:
        gr.Textbox("x")
    app = server_app(demo, {}, handlers=None, settings=Settings(max_sessions=3, allowed_hosts="kb.example.org"))
    assert isinstance(app, Guard) and "kb.example.org" in app.limits.hosts
    holder = demo.state_holder
    for k in range(10):
        holder[f"s{k}"]
    assert list(holder.session_data) == ["s7", "s8", "s9"]  # the oldest went first
    assert demo._queue.max_size == Settings().queue_size  # beyond it: 503 busy (webapp.guard words it)
    assert demo._queue.live_updates is False  # queue positions on a timer, not to everyone per finished request
