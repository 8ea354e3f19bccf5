"""Tables on standard output, through rich (which knows CJK characters take two columns)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

MIN_PIPE_WIDTH = 160  # rich assumes 80 columns off a terminal, which would wrap the titles


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]],
                limits: Sequence[int | None] | None = None) -> None:
    """One row per line; a cell wider than its column's limit is cut with an ellipsis."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(markup=False, emoji=False, highlight=False)
    if not console.is_terminal:
        console = Console(markup=False, emoji=False, highlight=False, width=max(console.width, MIN_PIPE_WIDTH))
    table = Table(box=box.SIMPLE, pad_edge=False)
    for header, limit in zip(headers, limits or [None] * len(headers)):
        table.add_column(header, max_width=limit, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    console.print(table)
