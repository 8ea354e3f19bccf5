"""Who may use the 管理 tab, and how its feedback export reaches them.

    gate = AdminGate(token, attempts=5)
    problem = gate.refusal(given, client)     # None: allowed; else the message to show
    exports = Exports()
    link = exports.put(csv_bytes, "用户反馈.csv")   # "/admin/export/<ticket>", once, 5 minutes

- **A token always**: without KB_ADMIN_TOKEN the admin view is off, on loopback too (a web
  page can reach loopback through the visitor's browser). Compared in constant time.
- **Attempts limited per client**: after ``attempts`` wrong tokens in ``window_s`` a client
  is refused — even with the right token — until the window has passed, so guessing runs
  at a few tries per ten minutes instead of ten a second.
- **Exports never on disk**: the CSV is kept in memory under a random ticket, handed out
  once (the entry is removed as it is sent) and dropped unclaimed after ``ttl_s``; Gradio's
  file cache (world-readable files that outlive the download) is not used.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from cachetools import TTLCache

WINDOW_S = 600
EXPORT_TTL_S = 300
EXPORT_ROUTE = "/admin/export"


class AdminGate:
    def __init__(self, token: str | None, attempts: int = 5, window_s: float = WINDOW_S, clock=time.monotonic):
        self.token = token or None
        self.attempts = attempts
        self._failures: TTLCache = TTLCache(maxsize=100_000, ttl=window_s, timer=clock)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def refusal(self, given: str, client: str) -> str | None:
        """None when ``given`` is the token and ``client`` is not locked out; otherwise the
        message for the page (every wrong try is counted for ``client``)."""
        if self.token is None:
            return "管理功能已关闭：需设置环境变量 KB_ADMIN_TOKEN。"
        with self._lock:
            failures = self._failures.get(client, 0)
            if failures >= self.attempts:
                return "口令错误次数过多，请 10 分钟后再试。"
            if hmac.compare_digest((given or "").encode(), self.token.encode()):
                return None
            self._failures[client] = failures + 1  # a new entry: the window restarts with each wrong try
        return "口令不正确。"


@dataclass(frozen=True)
class Export:
    data: bytes
    filename: str
    media_type: str = "text/csv; charset=utf-8"


class Exports:
    """Exports waiting to be downloaded, by ticket; each handed out once."""

    def __init__(self, ttl_s: float = EXPORT_TTL_S, clock=time.monotonic):
        self._waiting: TTLCache = TTLCache(maxsize=32, ttl=ttl_s, timer=clock)
        self._lock = threading.Lock()

    def put(self, data: bytes, filename: str) -> str:
        """The link that downloads ``data`` once."""
        ticket = secrets.token_urlsafe(24)
        with self._lock:
            self._waiting[ticket] = Export(data, filename)
        return f"{EXPORT_ROUTE}/{ticket}"

    def take(self, ticket: str) -> Export | None:
        with self._lock:
            return self._waiting.pop(ticket, None)
