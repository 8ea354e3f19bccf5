"""Start the web app: chat with procedure cards, a browser of the knowledge base, the API.

    python app.py [--host 127.0.0.1] [--port 7860]      (also: kb serve, make run)

The work is in webapp.server; this entry point only reads the flags and sets up logging.
"""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from kb.logs import DETAILED, setup_logging
    from kb.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(description="Start the knowledge-base web app.")
    parser.add_argument("--host", default=settings.host, help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (default 7860)")
    args = parser.parse_args(argv)
    setup_logging(settings.log_level, DETAILED)
    from webapp.server import serve

    return serve(args.host, args.port)


if __name__ == "__main__":
    sys.exit(main())
