"""What every request passes first (webapp.guard), on a real ASGI stack: unknown Host and
Origin refused (DNS rebinding), bodies bounded however they are sent, the routes the app
does not use closed, and Gradio's "queue full" turned into a busy answer to retry."""
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from webapp.guard import Guard, Limits, host_name


def _app(limits: Limits) -> TestClient:
    inner = FastAPI()

    @inner.post("/echo")
    async def echo(request: Request):
        return {"size": len(await request.body())}

    @inner.get("/page")
    def page():
        return {"ok": True}

    @inner.post("/gradio_api/queue/join")
    def join():
        return JSONResponse({"detail": "Queue is full. Max size is 1 and size is 1."}, status_code=503)

    @inner.post("/gradio_api/upload")
    def upload():
        return {"stored": True}

    return TestClient(Guard(inner, limits), base_url="http://127.0.0.1:7860")


@pytest.fixture()
def client():
    return _app(Limits.of("", "127.0.0.1", 1024))


def test_host_names_are_read_as_browsers_send_them():
    assert host_name("127.0.0.1:7860") == "127.0.0.1" and host_name("[::1]:7860") == "::1"
    assert host_name("LOCALHOST") == "localhost" and host_name("https://kb.example.org:8443") == "kb.example.org"
    assert host_name("::1") == "::1"


def test_a_page_rebound_to_loopback_is_refused(client):
    assert client.get("/page").status_code == 200
    assert client.get("/page", headers={"Host": "localhost:7860"}).status_code == 200
    rebound = client.get("/page", headers={"Host": "attacker.example:7860"})
    assert rebound.status_code == 421 and "unknown host" in rebound.json()["detail"]
    cross = client.post("/echo", content=b"{}", headers={"Origin": "http://attacker.example"})
    assert cross.status_code == 403
    assert client.post("/echo", content=b"{}", headers={"Origin": "http://127.0.0.1:7860"}).status_code == 200


def test_allowed_hosts_from_the_settings():
    named = _app(Limits.of("kb.example.org, Help.Example.org", "0.0.0.0", 1024))
    assert named.get("/page", headers={"Host": "help.example.org"}).status_code == 200
    assert named.get("/page", headers={"Host": "other.example.org"}).status_code == 421
    anyone = _app(Limits.of("*", "127.0.0.1", 1024))
    assert anyone.get("/page", headers={"Host": "other.example.org"}).status_code == 200
    assert Limits.of("", "0.0.0.0", 1024).hosts is None  # bound everywhere, no names given: any (warned)


def test_bodies_are_bounded_announced_or_chunked(client):
    assert client.post("/echo", content=b"x" * 1024).json() == {"size": 1024}
    announced = client.post("/echo", content=b"x" * 5000)
    assert announced.status_code == 413 and "请求过大" in announced.json()["detail"]

    def chunks():
        for _ in range(10):
            yield b"x" * 500

    assert client.post("/echo", content=chunks()).status_code == 413  # no Content-Length: counted as read


def test_uploads_and_monitoring_are_closed(client):
    assert client.post("/gradio_api/upload", content=b"x").status_code == 404
    assert client.get("/monitoring/summary").status_code == 404
    assert client.get("/gradio_api/monitoring").status_code == 404


def test_a_full_queue_is_a_busy_answer_to_retry(client):
    busy = client.post("/gradio_api/queue/join", content=b"{}")
    assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
    assert busy.json()["busy"] is True and "服务繁忙" in busy.json()["detail"]
