"""Answer latency when processes of the same kind share the machine, and the app's memory.

    python -m evals.contention [--questions 120] [--tenants 2] [--build]
    python -m evals.contention --rss [--asks 1000] [--no-english] [--sessions]

Latency: one process answers the dev questions (each as a first-time question: the
query-vector cache emptied before it) and reports p50/p95 — first alone, then beside
``--tenants`` processes answering the same way non-stop (app replicas on one box), and with
``--build`` also beside a `kb build --force` loop. Each is run with the project's thread
settings and with the libraries' defaults (KB_OMP_WAIT=library, FAISS and the encoder on
every core whatever the load), so
what the settings buy is printed next to the quiet figures. Every figure comes from fresh
processes: OpenMP reads its settings once, when it loads.

Memory (--rss): `python app.py` on a free port, its resident memory once ready (idle) and
after ``--asks`` questions through the /ask API. A benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.load import ROOT, dev_questions, free_port, start_app, stop_app
from evals.metrics import percentile
from evals.operations import first_time_answers

# what the libraries do on their own: OpenMP's long spin, every core for the encoder and FAISS
LIBRARY_DEFAULTS = {"KB_OMP_WAIT": "library", "KB_FAISS_THREADS": str(os.cpu_count() or 1),
                    "KB_ENCODER_THREADS": str(os.cpu_count() or 1)}
PROJECT = {"KB_OMP_WAIT": "", "KB_FAISS_THREADS": "", "KB_ENCODER_THREADS": ""}  # empty: the settings' defaults


def _answer_loop(questions: int | None) -> None:
    """The child: answer the dev questions (``questions`` of them once, timed, printing one
    JSON line; or, as a tenant, for ever after printing "ready")."""
    from answering.assistant import Assistant

    bot = Assistant.load()
    items = dev_questions()
    bot.ask(items[0][0], [])
    if questions is None:
        print("ready", flush=True)
        while True:
            first_time_answers(bot, items)
    times, _ = first_time_answers(bot, (items * (1 + questions // len(items)))[:questions])
    print(json.dumps({"p50": statistics.median(times), "p95": percentile(times, 0.95), "n": len(times)}), flush=True)


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "evals.contention", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _environment(settings: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    return {**env, "KB_NO_PROGRESS": "1", **settings}


def measure(settings: dict[str, str], questions: int, tenants: int, build: bool) -> dict:
    """p50/p95 of one answering process beside ``tenants`` answering ones (and a build loop)."""
    env = _environment(settings)
    others: list[subprocess.Popen] = []
    scratch = tempfile.TemporaryDirectory(prefix="kb-contention-")
    try:
        for _ in range(tenants):
            others.append(_child(["--tenant"], env))
        for proc in others:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a co-tenant process did not start")
        if build:
            loop = f'while true; do "{Path(sys.executable).with_name("kb")}" build --force >/dev/null 2>&1; done'
            others.append(subprocess.Popen(["bash", "-c", loop], cwd=ROOT, start_new_session=True,
                                           env={**env, "KB_BUILD_DIR": scratch.name}))
            time.sleep(5)  # into its encoding
        done = _child(["--measure", str(questions)], env)
        out, _ = done.communicate(timeout=1800)
        return json.loads(out.strip().splitlines()[-1])
    finally:
        for proc in others:
            try:
                os.killpg(proc.pid, 9) if build and proc is others[-1] else proc.kill()
            except ProcessLookupError:
                pass
            proc.wait()
        scratch.cleanup()


def latency_table(questions: int, tenants: int, build: bool) -> list[list[str]]:
    rows = []
    for name, settings in (("project (short spin, FAISS 1 thread, encoder threads by load)", PROJECT),
                           ("library defaults", LIBRARY_DEFAULTS)):
        quiet = measure(settings, questions, 0, False)
        rows.append([name, "none", f"{quiet['p50']:.1f}", f"{quiet['p95']:.1f}", "1.0"])
        cases = [(f"{tenants} answering", tenants, False)] + ([(f"{tenants} answering + a build", tenants, True)]
                                                              if build else [])
        for label, n, with_build in cases:
            busy = measure(settings, questions, n, with_build)
            rows.append([name, label, f"{busy['p50']:.1f}", f"{busy['p95']:.1f}", f"{busy['p95'] / quiet['p95']:.1f}"])
            print(f"{name} · {label} done", file=sys.stderr, flush=True)
    return rows


def _memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process (VmRSS) and its parts: private (RssAnon) and pages of
    files it maps (RssFile: the encoder's weights, the libraries — shared between
    processes and given back by the kernel under pressure)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def app_memory(asks: int, english: bool = True, sessions: bool = False) -> dict:
    """Resident memory of `python app.py`: ready and idle, then after ``asks`` /ask calls
    (dev questions; without the English ones when not ``english``: their reading loads a
    lemma table of ~34 MB that an office without English questions never needs). With
    ``sessions`` every call comes from a new session, as from that many users: Gradio
    keeps state per session (KB_MAX_SESSIONS bounds it)."""
    from gradio_client import Client

    proc, url, _ = start_app(free_port(), settings=_environment({}), poll_s=0.2)
    try:
        time.sleep(2)
        idle = _memory_mb(proc.pid)
        client = Client(url, verbose=False, ssl_verify=False)
        items = [(q, h) for q, h in dev_questions() if english or not q.isascii()]
        for n in range(asks):
            q, history = items[n % len(items)]
            if sessions:
                client.reset_session()
            client.predict(f"{q}" if n < len(items) else f"{q}（{n}）", history, api_name="/ask")
        return {"idle": idle, "after": _memory_mb(proc.pid), "asks": asks}
    finally:
        stop_app(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=120, help="questions timed per figure")
    parser.add_argument("--tenants", type=int, default=2, help="co-tenant answering processes")
    parser.add_argument("--build", action="store_true", help="also beside a `kb build --force` loop")
    parser.add_argument("--rss", action="store_true", help="the app's memory instead of latency")
    parser.add_argument("--asks", type=int, default=1000, help="questions asked before the second --rss reading")
    parser.add_argument("--no-english", action="store_true", help="--rss without the English questions")
    parser.add_argument("--sessions", action="store_true", help="--rss with every question from a new session")
    parser.add_argument("--tenant", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.tenant or args.measure:
        _answer_loop(args.measure)
        return 0
    if args.rss:
        m = app_memory(args.asks, not args.no_english, args.sessions)
        label = f"after {m['asks']} questions" + (" (no English ones)" if args.no_english else "") + \
            (", each from a new session" if args.sessions else "")
        for when, fields in (("idle", m["idle"]), (label, m["after"])):
            print(f"app {when}: resident {fields['VmRSS']:.0f} MB (private {fields['RssAnon']:.0f} MB, "
                  f"mapped files {fields['RssFile']:.0f} MB)")
        return 0
    rows = latency_table(args.questions, args.tenants, args.build)
    print(f"warm answers, {args.questions} first-time dev questions per figure (ms; this machine: "
          f"{os.cpu_count()} cores)")
    print("| settings | co-tenants | p50 | p95 | p95 ÷ quiet |\n| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
