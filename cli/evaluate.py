"""`kb eval` and `kb bench`: how well and how fast the bot answers."""
from __future__ import annotations

from pathlib import Path

import click

from cli.facts import load_facts
from cli.params import Greedy, mode_option
from cli.tables import print_table


@click.command("eval", short_help="score the bot on a QA set")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@mode_option(what="retrieval: BM25, dense vectors, or both fused")
@click.option("--min", "min_accuracy", type=float, metavar="ACC", help="exit 1 when overall accuracy is under ACC")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="report folder (default build/eval/<file stem>)")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="only the first N questions")
@click.option("--strict", is_flag=True, help="fail on any malformed line instead of skipping it")
def evaluate(file: Path, mode: str, min_accuracy: float | None, out: Path | None, limit: int | None,
             strict: bool) -> int:
    """Run every question of the QA set FILE (JSON Lines, e.g. evals/qa_dev.jsonl; see
    README) through the answering API and report accuracy per type, retrieval hit@k and
    MRR, refusals, clarifications and latency."""
    from answering.assistant import Assistant
    from evals.qa import load_qa
    from evals.runner import evaluate as run_qa
    from evals.runner import summary_table, write_reports
    from kb.settings import get_settings

    facts = load_facts()
    items, problems = load_qa(file, facts)
    for line, problem in problems:
        click.echo(f"{file}:{line}: {problem} (skipped)", err=True)
    if problems and strict:
        click.echo(f"kb eval: {len(problems)} bad lines in {file}; fix them or drop --strict", err=True)
        return 2
    items = items[:limit] if limit else items
    if not items:
        click.echo(f"kb eval: no usable questions in {file}", err=True)
        return 2
    bot = Assistant.load(facts, mode=mode)
    run = run_qa(items, bot.ask, facts, problems, label=f"{file.name} · mode {mode}")
    paths = write_reports(run, out or get_settings().build_dir / "eval" / file.stem)
    click.echo(summary_table(run.summary))
    click.echo(f"\nreports: {paths['markdown']} · {paths['json']} · {paths['chart']}")
    accuracy = run.summary["accuracy"] or 0.0
    if min_accuracy is not None and accuracy < min_accuracy:
        click.echo(f"kb eval: accuracy {accuracy:.3f} is under --min {min_accuracy}", err=True)
        return 1
    return 0


@click.command(short_help="benchmark build time, memory and answer latency")
@click.option("--scales", cls=Greedy, type=click.IntRange(min=1), default=(1, 10, 100), metavar="N ...",
              help="corpus multiples to measure (default 1 10 100)")
@click.option("--queries", type=click.IntRange(min=1), default=40, metavar="N",
              help="questions per round (default 40)")
@mode_option(what="retrieval to measure")
@click.option("--operations/--no-operations", default=True,
              help="also time a first build, a rebuild after an edit, a cold `kb ask` and the app's start (default on)")
@click.option("--runs", type=click.IntRange(min=1), default=3, metavar="N",
              help="runs of each operation, the median reported (default 3)")
@click.option("--qa", "qa_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="FILE",
              help="questions for the warm-answer figure (default evals/qa_dev.jsonl)")
def bench(scales: tuple[int, ...], queries: int, mode: str, operations: bool, runs: int,
          qa_file: Path | None) -> int:
    """What an operator waits for (first build, rebuild after an edit, cold `kb ask`, app
    start, warm answers), each next to its target and the encoder's floor; then index build
    time, peak memory and warm answer latency (p50/p95) on the real corpus and on
    synthetic corpora made by perturbing it."""
    from evals.bench import bench_scale, default_questions, encode_real

    if operations:
        from evals.operations import measure

        click.echo("timing the operations in a temporary copy of the corpus …", err=True)
        figures = measure(runs, qa_file)
        click.echo(f"| operation | measured (median of {runs}) | target | encoder's floor |\n| --- | --- | --- | --- |")
        for f in figures:  # Markdown: the cells are long, and the table goes into the README as it is
            click.echo(f"| {f.name} | {f.measured} | {f.target} | {f.floor} |")
        click.echo("")
    facts = load_facts()
    questions = default_questions(facts, queries)
    base, rate = encode_real(facts)
    assert base.encoder is not None  # encode_real encodes with a real encoder
    click.echo(f"encoder {base.encoder.id}: {len(facts)} real facts encoded at {rate:.1f} facts/s", err=True)
    rows = []
    for scale in scales:
        r = bench_scale(facts, base, questions, scale, mode)
        rows.append([f"×{r['scale']}", r["facts"], f"{r['build_s']:.2f}", f"{r['peak_mb']:.1f}",
                     f"{r['search_p50']:.2f}", f"{r['search_p95']:.2f}", f"{r['repeat_p50']:.2f}",
                     f"{r['ask_p50']:.2f}", f"{r['ask_p95']:.2f}"])
        click.echo(f"scale ×{scale} done", err=True)
    click.echo(f"mode {mode} · {len(questions)} questions · real facts encoded at {rate:.1f} facts/s")
    print_table(["corpus", "facts", "BM25 build s", "peak MB", "search p50 ms", "search p95 ms",
                 "repeat p50 ms", "ask p50 ms", "ask p95 ms"], rows)
    return 0
