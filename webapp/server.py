"""Start the web app: facts and index (built when missing or stale), the assistant, the
feedback store, then the Gradio app on the configured address.

    serve(host="127.0.0.1", port=7860)      (python app.py, kb serve, make run)

Binds to 127.0.0.1 unless told otherwise (--host, KB_HOST or GRADIO_SERVER_NAME). The
admin view (feedback export) needs KB_ADMIN_TOKEN when bound to any other address.
Errors reach users as short messages; tracebacks stay in the server log.
"""
from __future__ import annotations

import json
import logging
import sys
import time

import uvicorn
from fastapi import FastAPI

from kb.errors import KBError
from kb.settings import Settings, get_settings

log = logging.getLogger("kb.app")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def prepare(settings: Settings | None = None, loopback: bool = True):
    """Facts, index, assistant and feedback store, then the Gradio app (not launched), its
    launch settings and its chat handlers."""
    from answering.assistant import Assistant
    from kb.build import ensure_facts, load_manifest
    from kb.feedback import FeedbackStore
    from webapp.ui import build_app

    settings = settings or get_settings()
    log.info("loading the knowledge base (building it first if missing or stale) …")
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
    return build_app(bot, feedback, load_manifest(settings.corpus_dir), index_manifest,
                     admin_token=token or None, loopback=loopback)


def serve(host: str | None = None, port: int | None = None) -> int:
    """Serve until interrupted; 1 with a sentence on the log when the knowledge base cannot load."""
    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    loopback = host in LOOPBACK
    if not loopback:
        log.warning("binding to %s makes the app reachable from other machines; %s", host,
                    "the admin view needs KB_ADMIN_TOKEN" if settings.admin_token
                    else "the admin view is off (set KB_ADMIN_TOKEN to enable it)")
    try:
        demo, launch_kwargs, handlers = prepare(settings, loopback)
    except KBError as exc:
        log.error("app: %s", exc)
        return 1
    _no_plots()
    app = server_app(demo, launch_kwargs, handlers, host, port)
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


def server_app(demo, launch_kwargs: dict, handlers, host: str = "127.0.0.1", port: int = 7860) -> FastAPI:
    """The FastAPI app: the routes beside the chat (checklists made on click), then the
    Gradio app at the root."""
    import gradio as gr

    from webapp.routes import checklist_router

    app = FastAPI(title="dyw-kb", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(checklist_router(handlers))
    demo.queue(default_concurrency_limit=8)
    return gr.mount_gradio_app(app, demo, path="", server_name=host, server_port=port, **launch_kwargs)
