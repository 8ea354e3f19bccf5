"""What every request passes before it reaches the app: known host names only, bounded
bodies, no routes the app does not use, and a clear "busy" when the queue is full.

    app = Guard(app, Limits.of(settings, host))   (webapp.server wraps the whole ASGI app)

- **Host and Origin**: a request whose ``Host`` (or, from a browser, ``Origin``) names a
  host that is not allowed gets 421/403 before anything runs. This is what stops DNS
  rebinding: a web page whose own name was pointed at 127.0.0.1 still sends its own name
  as Host, so it cannot use the app (or its admin view) from a visitor's browser. Allowed:
  KB_ALLOWED_HOSTS, or the loopback names plus the address the app binds to; an app bound
  to every address (0.0.0.0) without KB_ALLOWED_HOSTS accepts any host, with a warning.
- **Bodies**: a request body beyond ``max_body`` bytes gets 413, whether announced by
  Content-Length or sent in chunks (read up to the limit, never further).
- **Routes the app does not use**: file uploads and Gradio's monitoring dashboard are 404.
- **Busy**: when Gradio's queue is full it answers 503; the body says so in Chinese and
  English, with Retry-After, so a client knows to retry rather than that something broke.

Does not handle: rate limits per client (a proxy's job; the admin token has its own).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger("kb.app")
EVERY_ADDRESS = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
# Gradio routes this app never uses: file uploads (it has no upload component) and the
# analytics dashboard (its summary is readable without login)
CLOSED_PATHS = ("/gradio_api/upload", "/upload", "/gradio_api/upload_progress", "/upload_progress",
                "/monitoring", "/gradio_api/monitoring")
BUSY = {"detail": "服务繁忙，请稍后重试。The service is busy; please retry in a few seconds.", "busy": True}
BUSY_BODY = json.dumps(BUSY, ensure_ascii=False).encode()
RETRY_AFTER_S = 2


@dataclass(frozen=True)
class Limits:
    hosts: frozenset[str] | None  # None: any host
    max_body: int  # bytes

    @classmethod
    def of(cls, allowed_hosts: str, bind_host: str, max_body: int) -> Limits:
        """Limits from the settings: KB_ALLOWED_HOSTS (comma-separated names, ``*`` for any)
        or, when empty, the loopback names and the bound address."""
        named = [h.strip().lower() for h in allowed_hosts.split(",") if h.strip()]
        if "*" in named:
            return cls(None, max_body)
        if named:
            return cls(frozenset(named) | frozenset(LOOPBACK_NAMES), max_body)
        if bind_host in EVERY_ADDRESS:
            log.warning("bound to every address without KB_ALLOWED_HOSTS: requests naming any host are "
                        "accepted; set KB_ALLOWED_HOSTS to the names users reach the app by")
            return cls(None, max_body)
        return cls(frozenset(LOOPBACK_NAMES) | {bind_host.lower()}, max_body)


def host_name(value: str) -> str:
    """The host of a Host header or an Origin (``[::1]:7860`` → ``::1``), lowercased."""
    value = value.strip()
    if "://" in value:
        return (urlsplit(value).hostname or "").lower()
    if value.startswith("["):
        return value[1:value.find("]")].lower() if "]" in value else ""
    return value.rsplit(":", 1)[0].lower() if value.count(":") == 1 else value.lower()


class Guard:
    """ASGI middleware applying ``Limits`` to every HTTP request and websocket."""

    def __init__(self, app, limits: Limits):
        self.app, self.limits = app, limits

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, detail = refusal
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            log.warning("refused %s %s: %s", scope.get("method"), scope.get("path"), detail)
            return await _reply(send, status, {"detail": detail})
        if scope["type"] == "http" and scope.get("method") in ("POST", "PUT", "PATCH"):
            body = await _read_body(receive, self.limits.max_body)
            if body is None:
                return await _reply(send, 413, {"detail": self._too_large})
            receive = _replay(body)
        if scope["path"].endswith("/queue/join"):
            send = _busy_in_words(send)
        return await self.app(scope, receive, send)

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str] | None:
        path = scope.get("path", "")
        if any(path == p or path.startswith(p + "/") for p in CLOSED_PATHS):
            return 404, "Not Found"
        hosts = self.limits.hosts
        if hosts is not None:
            if host_name(headers.get("host", "")) not in hosts:
                return 421, "unknown host name; the app answers only to the names it is configured for"
            origin = headers.get("origin")
            if origin is not None and host_name(origin) not in hosts:
                return 403, "requests from other web sites are not accepted"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limits.max_body:
            return 413, self._too_large
        return None

    @property
    def _too_large(self) -> str:
        return f"请求过大（上限 {self.limits.max_body // 1024} KB）。Request body too large."


async def _read_body(receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it exceeds ``limit`` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    sent = [False]

    async def receive():
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


def _busy_in_words(send):
    """Gradio's 503 for a full queue, with the message a user (or client) can act on."""
    state = {"busy": False}

    async def wrapped(message):
        if message["type"] == "http.response.start" and message["status"] == 503:
            state["busy"] = True
            return await _start(send, 503, len(BUSY_BODY), [(b"retry-after", str(RETRY_AFTER_S).encode())])
        if state["busy"] and message["type"] == "http.response.body":
            if not message.get("more_body"):
                await send({"type": "http.response.body", "body": BUSY_BODY})
            return None
        return await send(message)

    return wrapped


async def _start(send, status: int, length: int, extra: list | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(length).encode()), *(extra or [])]})


async def _reply(send, status: int, payload: dict) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode()
    await _start(send, status, len(body))
    await send({"type": "http.response.body", "body": body})
