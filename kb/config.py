"""Where things live. Every path can be moved with an environment variable.

KB_CORPUS_DIR  source documents and manifest.json   (default: <project>/corpus)
KB_BUILD_DIR   facts, index and reports built from them (default: <project>/build)
KB_DATA_DIR    data written at run time, e.g. feedback (default: ~/.local/share/dyw-kb)
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path:
    return Path(os.environ.get("KB_CORPUS_DIR") or PROJECT_ROOT / "corpus")


def build_dir() -> Path:
    return Path(os.environ.get("KB_BUILD_DIR") or PROJECT_ROOT / "build")


def data_dir() -> Path:
    default = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "dyw-kb"
    return Path(os.environ.get("KB_DATA_DIR") or default)
