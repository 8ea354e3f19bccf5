"""Files written whole or not at all.

    >>> write_atomically(path, data)

The data goes to a temporary file of this writer's own (process and thread in its name)
beside ``path``, which is then renamed over it: a reader sees the old file or the new one,
never a part, and two writers never share a temporary file. The temporary file is removed
when writing fails. Errors (a read-only folder, a full disk) are the caller's to handle.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
