"""Every command says what it does, every option has help, and the README lists them all."""
from pathlib import Path

import click
import pytest

from cli.main import kb_group

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group = kb_group, prefix: str = "kb"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


COMMANDS = dict(_commands())


def test_every_command_is_found():
    assert {"kb build", "kb facts", "kb search", "kb ask", "kb checklist", "kb serve", "kb feedback",
            "kb feedback export", "kb eval", "kb bench"} <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_command_has_help_and_short_help(path):
    command = COMMANDS[path]
    assert command.help and command.help.strip(), path
    assert command.get_short_help_str(limit=200).strip(), path


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_option_has_help(path):
    for param in COMMANDS[path].params:
        if isinstance(param, click.Option):
            assert param.help and param.help.strip(), f"{path} {param.opts[0]}"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_is_in_the_readme(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert path in readme, f"`{path}` missing from README"
