"""Load test: N concurrent gradio_client sessions asking (and rating) for a bounded time,
against one app or several replicas sharing PostgreSQL.

    python -m evals.load [--sessions 20] [--seconds 60] [--url http://127.0.0.1:7860/]
    python -m evals.load --replicas 2 --sessions 100 --rate --kill-after 30

Without --url it starts the app itself (``python app.py`` on a free loopback port, with
a throw-away feedback folder) and stops it afterwards. Each session is one
``gradio_client.Client`` on its own thread, asking questions from the dev QA set (with
their history, so follow-ups are included) through ``/ask`` back to back (or with a
pause, --think, like people reading answers). Prints throughput, the latency p50/p95/max
of admitted requests, how many were turned away as busy (503 when the app's queue is full,
KB_QUEUE_SIZE) and how fast that answer came — such a session waits ~2 s, as Retry-After
asks, before its next question — and errors (an exception, or an answer that is not the
contract); exits 1 when there were errors. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from evals.metrics import percentile

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_KEYS = {"question", "status", "intent", "answer", "facts", "candidates"}
BUSY_PAUSE_S = 2.0  # a session turned away as busy waits about this long (the Retry-After) before its next question


def dev_questions(path: Path = ROOT / "evals" / "qa_dev.jsonl") -> list[tuple[str, list[str]]]:
    """(question, history) of every line of a QA set (the dev set by default)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                out.append((item["question"], item.get("history") or []))
    return out


def start_app(port: int, data: Path | None = None, timeout_s: float = 300,
              settings: dict[str, str] | None = None, poll_s: float = 1.0) -> tuple[subprocess.Popen, str, Path]:
    """``python app.py`` on a loopback port, feedback in ``data`` (a new temporary folder by
    default, which also holds app.log), with more ``settings`` (KB_… variables); returns
    once the page answers (asked every ``poll_s`` seconds)."""
    data = Path(data or tempfile.mkdtemp(prefix="kb-app-"))
    env = {**os.environ, "KB_DATA_DIR": str(data), "KB_NO_PROGRESS": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           **(settings or {})}
    log = open(data / "app.log", "w")  # noqa: SIM115 — kept open for the server's life
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited ({proc.returncode}): {(data / 'app.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url, data
        except OSError:
            time.sleep(poll_s)
    proc.kill()
    raise RuntimeError(f"the app did not start within {timeout_s:.0f} s")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(urls: str | list[str], sessions: int, seconds: float, seed: int = 11, think_s: float = 0.0,
        rate: bool = False, on_tick=None) -> dict:
    """``sessions`` clients asking (and with ``rate`` rating each answer through /feedback)
    for ``seconds``; session k starts on replica k mod len(urls) and, when its replica
    stops answering, moves to the next one and sends the same request again (asking and
    rating are idempotent: a rating is keyed by its session and answer id), as a load
    balancer would. ``on_tick(elapsed_s)`` is called about once a second (to kill a
    replica mid-run)."""
    from gradio_client import Client
    from gradio_client.utils import QueueError

    urls = [urls] if isinstance(urls, str) else list(urls)
    pool = dev_questions()
    latencies: list[float] = []  # admitted requests (answered, or failed)
    busy_latencies: list[float] = []  # requests the server turned away as busy
    errors: list[str] = []
    statuses: dict[str, int] = {}
    per_replica: dict[str, int] = {u: 0 for u in urls}
    rated: list[tuple[str, str, int]] = []  # (session, answer id, rating) whose /feedback call returned stored
    failovers = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(sessions)
    end = [0.0]

    def connect(url: str):
        # plain http on loopback has no TLS to verify; with ssl_verify on, gradio_client
        # builds a CA-loaded SSL context for every request (~45 ms of CPU each), and the
        # load generator, not the server, would be what is measured
        return Client(url, verbose=False, ssl_verify=url.startswith("https://"))

    def session(k: int) -> None:
        rng = random.Random(seed + k)
        at = k % len(urls)
        name = f"load-{seed}-{k}"
        try:
            client = connect(urls[at])
        except Exception as exc:  # noqa: BLE001 — counted as an error of this session
            with lock:
                errors.append(f"session {k} could not connect: {exc}")
            start_gate.abort()
            return
        try:
            start_gate.wait(timeout=300)
        except threading.BrokenBarrierError:
            pass

        def call(*args, api_name: str):
            nonlocal client, at
            for attempt in range(len(urls)):
                try:
                    return client.predict(*args, api_name=api_name), urls[at]
                except QueueError:
                    raise  # the server said "busy, retry": an answer, not a failure
                except Exception:  # noqa: BLE001 — this replica may be gone: the next one
                    if attempt == len(urls) - 1:
                        raise
                    at = (at + 1) % len(urls)
                    with lock:
                        failovers[0] += 1
                    client = connect(urls[at])
            raise AssertionError("unreachable")  # pragma: no cover

        n = 0
        while time.perf_counter() < end[0]:
            question, history = rng.choice(pool)
            t0 = time.perf_counter()
            served = None
            busy = False
            try:
                answer, served = call(question, history, api_name="/ask")
                ok = isinstance(answer, dict) and CONTRACT_KEYS <= set(answer)
                problem = None if ok else f"not the contract: {str(answer)[:100]}"
                if ok and rate:
                    rating, answer_id = rng.choice((1, -1)), f"a{n}"
                    stored, _ = call(question, rating, [f["id"] for f in answer["facts"]], answer_id, name,
                                     answer["status"], "", history, "", api_name="/feedback")
                    if stored.get("stored"):
                        with lock:
                            rated.append((name, answer_id, rating))
                    else:
                        problem = f"rating not stored: {stored}"
            except QueueError:
                answer, problem, busy = None, None, True
            except Exception as exc:  # noqa: BLE001
                answer, problem = None, f"{type(exc).__name__}: {str(exc)[:150]}"
            n += 1
            elapsed = time.perf_counter() - t0
            with lock:
                if busy:
                    busy_latencies.append(elapsed * 1000)
                else:
                    latencies.append(elapsed * 1000)
                if served:
                    per_replica[served] += 1
                if problem:
                    errors.append(problem)
                elif answer is not None:
                    statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
            if busy:
                time.sleep(rng.uniform(0.5, 1.5) * BUSY_PAUSE_S)  # as the 503's Retry-After asks
            if think_s:
                time.sleep(rng.uniform(0.5, 1.5) * think_s)  # a person reading the answer

    end[0] = time.perf_counter() + seconds + 300  # provisional, replaced once all sessions connect
    threads = [threading.Thread(target=session, args=(k,)) for k in range(sessions)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(0.5)
    begin = time.perf_counter()
    end[0] = begin + seconds
    while any(t.is_alive() for t in threads):
        time.sleep(1.0)
        if on_tick is not None:
            on_tick(time.perf_counter() - begin)
    wall = time.perf_counter() - t_start
    return {"sessions": sessions, "seconds": seconds, "replicas": len(urls), "requests": len(latencies) + len(busy_latencies),
            "admitted": len(latencies),
            "errors": len(errors), "error_samples": errors[:5],
            "throughput_rps": len(latencies) / seconds if seconds else 0.0,  # answers, not refusals
            "p50_ms": statistics.median(latencies) if latencies else None,
            "p95_ms": percentile(latencies, 0.95) if latencies else None,
            "max_ms": max(latencies) if latencies else None, "statuses": statuses, "wall_s": wall,
            "busy": len(busy_latencies), "busy_p50_ms": statistics.median(busy_latencies) if busy_latencies else None,
            "busy_p95_ms": percentile(busy_latencies, 0.95) if busy_latencies else None,
            "per_replica": list(per_replica.values()), "failovers": failovers[0], "rated": rated}


def ratings_kept(url: str, rated: list[tuple[str, str, int]]) -> int:
    """How many of the ratings the app said it stored are in the database with that rating."""
    from kb.feedback import FeedbackStore

    have = {(r["session"], r["answer"]): r["rating"] for r in FeedbackStore(url=url).rows()}
    last = {(s, a): v for s, a, v in rated}
    return sum(have.get(key) == value for key, value in last.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, metavar="S",
                        help="mean pause between a session's questions (default 0: back to back)")
    parser.add_argument("--url", help="an app already running (default: start one on loopback)")
    parser.add_argument("--replicas", type=int, default=1,
                        help="app processes to start, sharing one PostgreSQL started for the run (default 1)")
    parser.add_argument("--postgres", action="store_true", help="one replica on PostgreSQL too")
    parser.add_argument("--rate", action="store_true", help="rate every answer through /feedback and check "
                                                            "at the end that every stored rating is in the database")
    parser.add_argument("--kill-after", type=float, metavar="S",
                        help="SIGKILL the first replica S seconds into the run")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    procs: list[subprocess.Popen] = []
    pg = None
    database = None
    urls = [args.url] if args.url else []
    try:
        if not urls:
            if args.replicas > 1 or args.postgres:
                from evals.pgserver import PostgresServer, Unavailable

                try:
                    pg = PostgresServer.start()
                except Unavailable as exc:
                    print(f"load: {exc}", file=sys.stderr)
                    return 1
                database = pg.new_database("load")
            settings = {"KB_DATABASE_URL": database} if database else {}
            for _ in range(max(1, args.replicas)):
                proc, url, _ = start_app(free_port(), settings=settings)
                procs.append(proc)
                urls.append(url)
        killed: list[float] = []

        def tick(elapsed: float) -> None:
            if args.kill_after is not None and not killed and elapsed >= args.kill_after and procs:
                os.kill(procs[0].pid, 9)
                killed.append(elapsed)

        result = run(urls, args.sessions, args.seconds, think_s=args.think, rate=args.rate, on_tick=tick)
        result["killed_at_s"] = killed[0] if killed else None
        if args.rate:
            result["ratings_sent"] = len({(s, a) for s, a, _ in result["rated"]})
            result["ratings_kept"] = ratings_kept(database, result["rated"]) if database else None
    except RuntimeError as exc:
        print(f"load: {exc}", file=sys.stderr)
        return 1
    finally:
        for proc in procs:
            stop_app(proc)
        if pg is not None:
            pg.stop()
    result.pop("rated", None)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        pause = f", {args.think:g} s mean pause between questions" if args.think else ", back to back"
        print(f"{result['sessions']} sessions × {result['seconds']:.0f} s against {result['replicas']} "
              f"replica(s){pause}" + (" (PostgreSQL)" if database else ""))
        print(f"requests {result['requests']} · throughput {result['throughput_rps']:.1f}/s · errors {result['errors']}"
              f" · per replica {result['per_replica']} · failovers {result['failovers']}")
        if result["requests"]:
            print(f"admitted: latency p50 {result['p50_ms']:.0f} ms · p95 {result['p95_ms']:.0f} ms · "
                  f"max {result['max_ms']:.0f} ms")
        if result["busy"]:
            print(f"busy (503, retry): {result['busy']} · answered in p50 {result['busy_p50_ms']:.0f} ms · "
                  f"p95 {result['busy_p95_ms']:.0f} ms")
        print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(result["statuses"].items())))
        if result.get("killed_at_s") is not None:
            print(f"replica 1 killed (SIGKILL) at {result['killed_at_s']:.0f} s")
        if args.rate:
            print(f"ratings stored {result['ratings_sent']} · in the database {result['ratings_kept']}")
        for sample in result["error_samples"]:
            print(f"  error: {sample}")
    lost = args.rate and result.get("ratings_kept") is not None and result["ratings_kept"] != result["ratings_sent"]
    return 1 if result["errors"] or lost else 0


if __name__ == "__main__":
    sys.exit(main())
