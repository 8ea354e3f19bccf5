"""Start the web app: chat with procedure cards, a browser of the knowledge base, the API.

    python app.py [--host 127.0.0.1] [--port 7860]      (also: kb serve, make run)

Builds the facts and the index first when they are missing or stale (progress on
stderr). Binds to 127.0.0.1 unless told otherwise (--host, GRADIO_SERVER_NAME). The
admin view (feedback export) needs KB_ADMIN_TOKEN when bound to any other address.
Errors reach users as short messages; tracebacks stay in the server log.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start the knowledge-base web app.")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", "7860")))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from kb.errors import KBError

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    loopback = args.host in ("127.0.0.1", "localhost", "::1")
    if not loopback:
        say(f"warning: binding to {args.host} makes the app reachable from other machines; "
            + ("the admin view needs KB_ADMIN_TOKEN" if os.environ.get("KB_ADMIN_TOKEN")
               else "the admin view is off (set KB_ADMIN_TOKEN to enable it)"))
    try:
        demo, launch_kwargs = prepare(say, loopback)
    except KBError as exc:
        say(f"app: {exc}")
        return 1
    say(f"serving on http://{args.host}:{args.port}")
    demo.queue(default_concurrency_limit=8).launch(server_name=args.host, server_port=args.port, **launch_kwargs)
    return 0


def prepare(say=lambda msg: None, loopback: bool = True):
    """Facts, index, assistant and feedback store, then the Gradio app (not launched)."""
    import json

    from answering.assistant import Assistant
    from kb.build import ensure_facts, load_manifest
    from kb.config import corpus_dir
    from kb.feedback import FeedbackStore
    from webapp.ui import build_app

    say("loading the knowledge base (building it first if missing or stale) …")
    facts, built = ensure_facts(log=say)
    if built is not None:
        say(f"built {len(facts)} facts")
    bot = Assistant.load(facts, log=say)
    manifest_path = bot.index.store.folder / "manifest.json"
    index_manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    store = FeedbackStore()
    say(f"feedback is stored in {store.path}")
    return build_app(bot, store, load_manifest(corpus_dir()), index_manifest,
                     admin_token=os.environ.get("KB_ADMIN_TOKEN") or None, loopback=loopback)


if __name__ == "__main__":
    sys.exit(main())
