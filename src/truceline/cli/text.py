"""CLI face of text intake and extraction: ``truceline extract``, ``eval extraction`` and
``ingest-text``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import click

from truceline._typing import Undated
from truceline.cli import cli
from truceline.cli._errors import handle_errors

_FRONTLINE = click.option(
    "--frontline", type=click.Path(exists=True, path_type=Path), default=None,
    help="Territory-control snapshot (GeoJSON), or a folder of them named …_YYYYMMDD: the "
         "one in force on a claim's date settles homonyms by the contact line.")
_GAZETTEER = click.option(
    "--gazetteer-dir", "gazetteer", type=click.Path(file_okay=False, path_type=Path),
    default=None, help="User gazetteer folder, used with the bundled one [default: "
                       "$TRUCELINE_GAZETTEER or ./workspace/gazetteer, when it exists].")


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl",
              show_default=True, help="jsonl: one object a line; json: one array.")
@click.option("--parties", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="YAML file extending the party lexicon.")
@click.option("--undated", type=click.Choice(get_args(Undated)),
              default="dateline", show_default=True,
              help="Date for events the text gives no date for.")
@_FRONTLINE
@_GAZETTEER
@handle_errors
def extract_cmd(paths: tuple[Path, ...], fmt: str, parties: Path | None, undated: str,
                frontline: Path | None, gazetteer: Path | None) -> None:
    """Print the claims in texts (plain, HTML or header format); stores nothing."""
    from truceline.extraction import extract, records
    from truceline.pipeline_text import text_geocoder

    result = extract(paths, parties=parties, undated=undated)  # type: ignore[arg-type]
    geocode = text_geocoder(gazetteer, frontline)
    if geocode is not None:
        result = replace(result, claims=tuple(geocode(result.claims)))
    rows = records(result)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))


def _eval_group() -> click.Group:
    existing = cli.commands.get("eval")
    if isinstance(existing, click.Group):
        return existing

    @cli.group("eval")
    def eval_group() -> None:
        """Score a stage against gold annotations."""

    return eval_group


@_eval_group().command("extraction")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
@click.option("--texts", required=True, type=click.Path(exists=True, file_okay=False,
                                                        path_type=Path))
@click.option("--undated", type=click.Choice(get_args(Undated)),
              default="dateline", show_default=True)
@_FRONTLINE
@_GAZETTEER
@handle_errors
def eval_extraction(gold: Path, texts: Path, undated: str, frontline: Path | None,
                    gazetteer: Path | None) -> None:
    """Precision, recall and F1 of incidents, and accuracy on matched pairs."""
    from truceline.extraction import evaluate_extraction
    from truceline.pipeline_text import text_geocoder

    r = evaluate_extraction(gold, texts, geocoder=text_geocoder(gazetteer, frontline),
                            undated=undated)
    click.echo(f"places matched on: {r.place_mode}")
    click.echo(f"incidents: predicted {r.predicted}, gold {r.gold}, matched {r.matched}")
    click.echo(f"precision {r.precision:.3f}  recall {r.recall:.3f}  F1 {r.f1:.3f}")
    for key, value in r.accuracy.items():
        click.echo(f"{key} accuracy (matched pairs): {value:.3f}")


@cli.command("ingest-text")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", "source_id", default=None,
              help="Source id for all texts (default: one source per OUTLET header line).")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False),
              help="Source registry YAML; --source names one of its sources.")
@click.option("-w", "--workspace", envvar="TRUCELINE_WORKSPACE", default="workspace",
              show_default=True, help="Workspace folder (or a database URL).")
@_FRONTLINE
@_GAZETTEER
@handle_errors
def ingest_text(paths: tuple[Path, ...], source_id: str | None, sources_file: str | None,
                workspace: str, frontline: Path | None, gazetteer: Path | None) -> None:
    """Store texts as reports with the claims and headline counts they make."""
    from truceline.pipeline_text import ingest_texts
    from truceline.registry import load_sources
    from truceline.storage import open_store

    registry = load_sources(sources_file) if sources_file else {}
    source: Any = registry.get(source_id, source_id) if source_id else None
    with open_store(workspace) as store:
        if registry:
            store.upsert_sources(registry.values())
        if gazetteer is None and (Path(workspace) / "gazetteer").is_dir():
            gazetteer = Path(workspace) / "gazetteer"  # the workspace's own imports
        summary = ingest_texts(store, paths, sources=source, gazetteer=gazetteer,
                               frontline=frontline)
    for line in summary.lines():
        click.echo(line)
