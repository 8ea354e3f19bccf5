"""Start the web app: facts and index (built when missing or stale), the assistant, the
feedback store, then the Gradio app on the configured address.

    serve(host="127.0.0.1", port=7860)      (python app.py, kb serve, make run)

Binds to 127.0.0.1 unless told otherwise (--host, KB_HOST or GRADIO_SERVER_NAME). Every
request passes webapp.guard first (allowed host names, bounded bodies, no uploads, "busy"
when the queue is full). The admin view (feedback export) needs KB_ADMIN=1 and
KB_ADMIN_TOKEN, on loopback too. Errors reach users as short messages; tracebacks stay in
the server log.
"""
from __future__ import annotations

import datetime
import json
import logging
import sys
import threading
import time

import uvicorn
from fastapi import FastAPI

from kb.errors import KBError
from kb.settings import Settings, get_settings

log = logging.getLogger("kb.app")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
STATUS_UPDATE_S = 10


def prepare(settings: Settings | None = None):
    """Facts, index, assistant and feedback store, then the Gradio app (not launched), its
    launch settings, its chat handlers and the admin tab's waiting exports."""
    from answering.assistant import Assistant
    from kb.build import ensure_facts, load_manifest
    from kb.feedback import FeedbackStore
    from kb.locks import build_lock
    from webapp.admin_access import Exports
    from webapp.ui import build_app

    settings = settings or get_settings()
    log.info("loading the knowledge base (building it first if missing or stale) …")
    with build_lock(settings.build_dir).hold():  # facts and index of one build (kb.locks)
        facts, built = ensure_facts()
        if built is not None:
            log.info("built %d facts", len(facts))
        bot = Assistant.load(facts)
    started = time.perf_counter()  # the first question loads the encoder and warms the caches: not a user's
    bot.ask(bot.scope.examples[0] if bot.scope.examples else "办理时限", [])
    log.info("warmed up in %.1f s", time.perf_counter() - started)
    store = bot.index.store
    index_manifest = json.loads((store.folder / "manifest.json").read_text(encoding="utf-8")) if store else {}
    feedback = FeedbackStore()
    log.info("feedback is stored in %s", feedback.where)
    token = settings.admin_token.get_secret_value() if settings.admin_token else None
    exports = Exports()
    demo, launch_kwargs, handlers = build_app(bot, feedback, load_manifest(settings.corpus_dir), index_manifest,
                                              admin_token=token or None, exports=exports)
    return demo, launch_kwargs, handlers, exports


def serve(host: str | None = None, port: int | None = None) -> int:
    """Serve until interrupted; 1 with a sentence on the log when the knowledge base cannot load."""
    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    if host not in LOOPBACK:
        log.warning("binding to %s makes the app reachable from other machines", host)
    if settings.admin and not settings.admin_token:
        log.warning("KB_ADMIN is on but KB_ADMIN_TOKEN is not set: the admin view stays off")
    try:
        demo, launch_kwargs, handlers, exports = prepare(settings)
    except KBError as exc:
        log.error("app: %s", exc)
        return 1
    _no_plots()
    app = server_app(demo, launch_kwargs, handlers, host, port, settings, exports)
    log.info("serving on http://%s:%s", host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def _no_plots() -> None:
    """Keep matplotlib out of the server process. The app draws no plots, but Gradio imports
    matplotlib around every request only to set its backend (gradio/route_utils.py) — ~25 MB
    of every replica's memory, since matplotlib is installed for the evaluation charts.
    A module set to None in sys.modules is one Python refuses to import, and Gradio treats
    that as matplotlib being absent. Only here, in the process ``serve`` runs."""
    if "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]


def server_app(demo, launch_kwargs: dict, handlers, host: str = "127.0.0.1", port: int = 7860,
               settings: Settings | None = None, exports=None):
    """The ASGI app users reach: the guard (webapp.guard) in front of a FastAPI app with
    the routes beside the chat (checklists made on click, the admin export) and the Gradio
    app at the root, its queue and per-session state bounded."""
    import gradio as gr

    from webapp.guard import Guard, Limits
    from webapp.routes import checklist_router, export_router

    settings = settings or get_settings()
    app = FastAPI(title="dyw-kb", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(checklist_router(handlers))
    if exports is not None:
        app.include_router(export_router(exports))
    # queue positions every 10 s, not to every waiting client each time any request finishes
    # (Gradio's "auto": messages grow with the square of the waiting clients)
    demo.queue(default_concurrency_limit=settings.workers, max_size=settings.queue_size,
               status_update_rate=STATUS_UPDATE_S)
    demo.state_session_capacity = settings.max_sessions  # Gradio keeps a copy of the page's config per session
    app = gr.mount_gradio_app(app, demo, path="", server_name=host, server_port=port, **launch_kwargs)
    _expire_sessions(demo, settings.session_minutes * 60)
    return Guard(app, Limits.of(settings.allowed_hosts, host, settings.max_request_kb * 1024))


def _expire_sessions(demo, max_idle_s: float, every_s: float = 60.0) -> threading.Thread | None:
    """Drop Gradio's per-session state unused for ``max_idle_s`` (Gradio keeps it until its
    capacity is reached; each costs ~0.3 MB here). The conversation itself lives in the
    page, so a returning user loses nothing."""
    holder = getattr(demo, "state_holder", None)
    if holder is None or not hasattr(holder, "time_last_used"):
        log.warning("this Gradio keeps sessions differently: idle sessions are not expired")
        return None

    def prune() -> None:
        while True:
            time.sleep(every_s)
            expire_idle(holder, max_idle_s)

    thread = threading.Thread(target=prune, name="kb-session-expiry", daemon=True)
    thread.start()
    return thread


def expire_idle(holder, max_idle_s: float) -> int:
    """Remove the sessions of Gradio's state holder unused for ``max_idle_s``; how many."""
    cutoff = datetime.datetime.now() - datetime.timedelta(seconds=max_idle_s)
    with holder.lock:
        idle = [sid for sid, used in list(holder.time_last_used.items()) if used < cutoff]
        for sid in idle:
            holder.session_data.pop(sid, None)
            holder.time_last_used.pop(sid, None)
    return len(idle)
