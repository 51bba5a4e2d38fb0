"""Shared output options for report-like commands: --table/--json/--nl/--csv/--geojson."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "nl", "csv", "geojson")


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--format`` and its shortcuts ``--json/--nl/--csv/--geojson/--table``."""
    func = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                        show_default=True, help="Output format.")(func)
    for name in reversed(FORMATS):
        func = click.option(f"--{name}", "fmt", flag_value=name,
                            help=f"Shortcut for --format {name}.")(func)
    return func


def render(rows: Sequence[dict[str, Any]], fmt: str, *, columns: Sequence[str],
           title: str = "", geometry: Callable[[dict[str, Any]], dict[str, Any] | None]
           | None = None) -> None:
    """Print ``rows`` in the chosen format; ``columns`` are those shown in table/CSV."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _flat(row.get(c)) for c in columns})
        click.echo(buf.getvalue(), nl=False)
    elif fmt == "geojson":
        features = [{"type": "Feature", "geometry": geometry(r) if geometry else None,
                     "properties": r} for r in rows]
        click.echo(json.dumps({"type": "FeatureCollection", "features": features},
                              ensure_ascii=False, indent=2, default=str))
    else:
        table = Table(title=title or None, show_lines=False)
        for c in columns:
            table.add_column(c)
        for row in rows:
            table.add_row(*(_flat(row.get(c)) for c in columns))
        Console(width=200).print(table)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def echo_lines(lines: Iterable[str]) -> None:
    """Print lines."""
    for line in lines:
        click.echo(line)
