"""Parameter types the commands share: greedy multi-value options and the retrieval mode."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click
from click.decorators import FC
from click.parser import _OptionParser, _ParsingState


def _looks_like_option(arg: str) -> bool:
    # the rule click itself applies to options whose value may be left out
    return arg.startswith("-") and len(arg) > 1


class Greedy(click.Option):
    """An option taking every value that follows it up to the next option, like argparse's
    ``nargs="+"`` (``--history a b``); repeating it (``--history a --history b``) adds more.
    With ``allow_empty`` it may be given with no value at all, like ``nargs="*"``.
    """

    def __init__(self, *args: Any, allow_empty: bool = False, **kwargs: Any) -> None:
        kwargs["multiple"] = True
        super().__init__(*args, **kwargs)
        if allow_empty:
            # makes click's parser hand over a sentinel instead of failing or taking the
            # next option as the value
            self._flag_needs_value = True

    def add_to_parser(self, parser: _OptionParser, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        for opt in self.opts:
            option = parser._long_opt.get(opt) or parser._short_opt[opt]
            take = option.process

            # click has no hook for variable-length options: wrap the parser's handler
            def process(value: Any, state: _ParsingState, take: Callable[..., None] = take) -> None:
                if isinstance(value, str):
                    take(value, state)
                while state.rargs and not _looks_like_option(state.rargs[0]):
                    take(state.rargs.pop(0), state)

            option.process = process  # type: ignore[method-assign]


class LazyChoice(click.Choice[str]):
    """A choice whose values are read on first use, so `kb --help` need not import the
    (slow to import) module that defines them."""

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load = load

    def __getattr__(self, name: str) -> Any:
        if name in ("choices", "case_sensitive"):
            super().__init__(self._load())
            return getattr(self, name)
        raise AttributeError(name)


def _modes() -> tuple[str, ...]:
    from indexer.search import MODES

    return MODES


def _kinds() -> tuple[str, ...]:
    from kb.facts import FACT_KINDS

    return FACT_KINDS


MODE = LazyChoice(_modes)
KIND = LazyChoice(_kinds)


def mode_option(default: str = "hybrid", what: str = "retrieval signal") -> Callable[[FC], FC]:
    """``--mode bm25|dense|hybrid``."""
    return click.option("--mode", type=MODE, default=default, help=f"{what} (default {default})")
