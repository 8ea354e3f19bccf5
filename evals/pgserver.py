"""A throwaway PostgreSQL server for tests and load runs: Debian's `postgresql` binaries,
`initdb` and `pg_ctl` in a temporary folder as an unprivileged user, on a free loopback
port, trust authentication for its one user. Nothing here is for production.

    server = PostgresServer.start()          # raises Unavailable with the reason
    url = server.new_database("t1")          # postgresql+psycopg://kb@127.0.0.1:PORT/t1
    server.stop()
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from evals.load import free_port

USER = "kb"


class Unavailable(RuntimeError):
    """No PostgreSQL server can be started here (binaries missing, no unprivileged user)."""


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise Unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql; make test does it as root)")
    return Path(found[-1]).parent


@dataclass
class PostgresServer:
    folder: Path
    port: int
    bindir: Path
    runas: list[str]

    @classmethod
    def start(cls) -> PostgresServer:
        bindir = _binaries()
        folder = Path(tempfile.mkdtemp(prefix="kb-pg-"))
        runas: list[str] = []
        if os.getuid() == 0:  # initdb refuses root: the server runs as nobody, in a folder nobody owns
            try:
                nobody = pwd.getpwnam("nobody")
            except KeyError:
                raise Unavailable("running as root and there is no 'nobody' user to run PostgreSQL as") from None
            os.chmod(folder, 0o755)
            os.chown(folder, nobody.pw_uid, nobody.pw_gid)
            runas = ["runuser", "-u", "nobody", "--"]
        server = cls(folder, free_port(), bindir, runas)
        server._run("initdb", "-D", str(folder / "data"), "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C")
        server._run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "server.log"), "-w", "-t", "60",
                    "-o", f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1", "start")
        return server

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.runas, str(self.bindir / program), *args], capture_output=True, text=True,
                              timeout=120, cwd=self.folder)
        if done.returncode != 0:
            raise Unavailable(f"{program} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
