"""A real app server on a free loopback port, shared by the browser and API tests.

It is started the way a user starts it (`python app.py --port N`, through the load
script's helper), with its own feedback folder; it builds the knowledge base and index
first if the build folder lacks them.
"""
import pytest

from evals.load import free_port, start_app, stop_app

ADMIN_TOKEN = "test-admin-token-4f9c"


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    proc, url, data = start_app(free_port(), tmp_path_factory.mktemp("data"),
                                settings={"KB_ADMIN": "1", "KB_ADMIN_TOKEN": ADMIN_TOKEN})
    yield {"url": url, "data": data, "log": data / "app.log", "pid": proc.pid, "token": ADMIN_TOKEN}
    stop_app(proc)
