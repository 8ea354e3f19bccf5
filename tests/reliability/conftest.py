"""The feedback store's engines: every store test runs on the embedded SQLite file and on
a real PostgreSQL server (Debian's binaries, started once per session in a temporary
folder; skipped with the reason only where none can be started)."""
import itertools

import pytest

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres():
    from evals.pgserver import PostgresServer, Unavailable

    try:
        server = PostgresServer.start()
    except Unavailable as exc:
        print(f"\nPostgreSQL tests skipped: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new, empty feedback database of each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    return request.getfixturevalue("postgres").new_database(f"t{next(_names)}")
