"""The `kb` command group and its entry point.

    kb build [--force] [--facts-only] [--strict]   ·   kb add FILE [--genre G] [--title T] …
    kb facts [--kind K] [--department D] [--json]
    kb search "query" [--k 10] [--mode bm25|dense|hybrid] [--json]
    kb ask "question" [--history TURN ...] [--json]   ·   kb ask --batch FILE|-
    kb checklist SERVICE ... [--format md|pdf|both] [--out DIR]
    kb feedback export --csv [--out FILE]   ·   kb serve
    kb eval FILE [--mode …]   ·   kb bench

Exit codes: 0 done, 1 a problem the user can fix (one sentence on standard error),
2 a usage problem, 130 interrupted.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from cli.ask import ask, checklist
from cli.evaluate import bench, evaluate
from cli.facts import add, build, facts, search
from cli.serve import feedback, serve
from kb.errors import KBError


class KBGroup(click.Group):
    """Lists commands in the order they were added and turns errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KBError as exc:
            click.echo(f"kb {ctx.invoked_subcommand}: {exc}", err=True)
            return 1
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            return 130
        except BrokenPipeError:
            # the reader went away (kb facts | head): Python's final flush of stdout would
            # fail again, so point it at /dev/null
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0


@click.group("kb", cls=KBGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def kb_group(ctx: click.Context) -> None:
    """Cited knowledge base of Dayaowan customs procedures."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(2)


for command in (build, add, facts, search, ask, checklist, serve, feedback, evaluate, bench):
    kb_group.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kb` with ``argv`` (default: the process arguments); return the exit code."""
    from kb.logs import setup_logging
    from kb.settings import get_settings

    try:
        setup_logging(get_settings().log_level)
    except KBError as exc:  # a KB_* variable holds a bad value
        click.echo(f"kb: {exc}", err=True)
        return 1
    try:
        return int(kb_group.main(args=argv, prog_name="kb", standalone_mode=False))
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
