"""The `/ask` endpoint through gradio_client returns the `kb ask` contract JSON."""
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
