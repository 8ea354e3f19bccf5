"""One logging set-up for the commands and the app: messages go to standard error.

Library code logs through ``logging.getLogger(__name__)`` and never prints; the entry
points call ``setup_logging`` once (the CLI plainly, the app with times and names).
"""
from __future__ import annotations

import logging
import sys

_MARK = "_kb_handler"
PLAIN = "%(message)s"
DETAILED = "%(asctime)s %(name)s %(levelname)s %(message)s"


def setup_logging(level: str | int = "INFO", fmt: str = PLAIN) -> None:
    """Route the project's loggers to the current ``sys.stderr``, replacing an earlier set-up."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(fmt))
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    for noisy in ("jieba", "httpx", "urllib3", "matplotlib", "sentence_transformers", "faiss", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
