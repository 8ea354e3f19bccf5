"""Load test: N concurrent gradio_client sessions asking for a bounded time.

    python -m evals.load [--sessions 20] [--seconds 60] [--url http://127.0.0.1:7860/]

Without --url it starts the app itself (``python app.py`` on a free loopback port, with
a throw-away feedback folder) and stops it afterwards. Each session is one
``gradio_client.Client`` on its own thread, asking questions from the dev QA set (with
their history, so follow-ups are included) through ``/ask`` back to back (or with a
pause, --think, like people reading answers). Prints
throughput, latency p50/p95/max and errors (an exception, or an answer that is not the
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


def dev_questions() -> list[tuple[str, list[str]]]:
    out = []
    with (ROOT / "evals" / "qa_dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                out.append((item["question"], item.get("history") or []))
    return out


def start_app(port: int, data: Path | None = None, timeout_s: float = 300,
              settings: dict[str, str] | None = None) -> tuple[subprocess.Popen, str, Path]:
    """``python app.py`` on a loopback port, feedback in ``data`` (a new temporary folder by
    default, which also holds app.log), with more ``settings`` (KB_… variables); returns
    once the page answers."""
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
            time.sleep(1)
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


def run(url: str, sessions: int, seconds: float, seed: int = 11, think_s: float = 0.0) -> dict:
    from gradio_client import Client

    pool = dev_questions()
    latencies: list[float] = []
    errors: list[str] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    start_gate = threading.Barrier(sessions)
    end = [0.0]

    def session(k: int) -> None:
        rng = random.Random(seed + k)
        try:
            # plain http on loopback has no TLS to verify; with ssl_verify on, gradio_client
            # builds a CA-loaded SSL context for every request (~45 ms of CPU each), and the
            # load generator, not the server, would be what is measured
            client = Client(url, verbose=False, ssl_verify=url.startswith("https://"))
        except Exception as exc:  # noqa: BLE001 — counted as an error of this session
            with lock:
                errors.append(f"session {k} could not connect: {exc}")
            start_gate.abort()
            return
        try:
            start_gate.wait(timeout=120)
        except threading.BrokenBarrierError:
            pass
        while time.perf_counter() < end[0]:
            question, history = rng.choice(pool)
            t0 = time.perf_counter()
            try:
                answer = client.predict(question, history, api_name="/ask")
                ok = isinstance(answer, dict) and CONTRACT_KEYS <= set(answer)
                problem = None if ok else f"not the contract: {str(answer)[:100]}"
            except Exception as exc:  # noqa: BLE001
                answer, problem = None, f"{type(exc).__name__}: {str(exc)[:150]}"
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed * 1000)
                if problem:
                    errors.append(problem)
                else:
                    statuses[answer["status"]] = statuses.get(answer["status"], 0) + 1
            if think_s:
                time.sleep(rng.uniform(0.5, 1.5) * think_s)  # a person reading the answer

    end[0] = time.perf_counter() + seconds + 30  # provisional, replaced once all sessions connect
    threads = [threading.Thread(target=session, args=(k,)) for k in range(sessions)]
    t_start = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(0.5)
    end[0] = time.perf_counter() + seconds
    for t in threads:
        t.join()
    wall = time.perf_counter() - t_start
    return {"sessions": sessions, "seconds": seconds, "requests": len(latencies), "errors": len(errors),
            "error_samples": errors[:5], "throughput_rps": len(latencies) / seconds if seconds else 0.0,
            "p50_ms": statistics.median(latencies) if latencies else None,
            "p95_ms": percentile(latencies, 0.95) if latencies else None,
            "max_ms": max(latencies) if latencies else None, "statuses": statuses, "wall_s": wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, metavar="S",
                        help="mean pause between a session's questions (default 0: back to back)")
    parser.add_argument("--url", help="an app already running (default: start one on loopback)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    proc = None
    url = args.url
    if not url:
        try:
            proc, url, _ = start_app(free_port())
        except RuntimeError as exc:
            print(f"load: {exc}", file=sys.stderr)
            return 1
    try:
        result = run(url, args.sessions, args.seconds, think_s=args.think)
    finally:
        if proc is not None:
            stop_app(proc)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        pause = f", {args.think:g} s mean pause between questions" if args.think else ", back to back"
        print(f"{result['sessions']} sessions × {result['seconds']:.0f} s against {url}{pause}")
        print(f"requests {result['requests']} · throughput {result['throughput_rps']:.1f}/s · errors {result['errors']}")
        if result["requests"]:
            print(f"latency p50 {result['p50_ms']:.0f} ms · p95 {result['p95_ms']:.0f} ms · max {result['max_ms']:.0f} ms")
        print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(result["statuses"].items())))
        for sample in result["error_samples"]:
            print(f"  error: {sample}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
