"""``truceline gazetteer import|stats|search``: manage and query the gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.errors import ConfigError

KINDS = ("geonames", "osm", "osm-centres", "postal", "csv", "boundaries")


def _dir_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--gazetteer-dir", "gazetteer_dir", type=click.Path(file_okay=False, path_type=Path),
        default=None, help="User gazetteer folder [default: $TRUCELINE_GAZETTEER or "
        "./workspace/gazetteer].")(func)


def _folder(value: Path | None) -> Path:
    from truceline.geocoding._gazetteer import default_dir

    return value or default_dir()


@cli.group()
def gazetteer() -> None:
    """Import place data, show statistics, look names up."""


@gazetteer.command("import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--alternate-names", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="GeoNames alternateNamesV2.txt (kind geonames).")
@click.option("--country", default=None, help="Country code for rows without one.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN",
              help="CSV column for a gazetteer field (kind csv), e.g. --map name=title.")
@_dir_option
@handle_errors
def import_(kind: str, path: Path, alternate_names: Path | None, country: str | None,
            mapping: tuple[str, ...], gazetteer_dir: Path | None) -> None:
    """Import PATH of KIND into the user gazetteer."""
    from truceline.geocoding import _importers as imp

    folder = _folder(gazetteer_dir)
    cols = dict(_pair(m) for m in mapping)
    if cols and kind != "csv":
        raise ConfigError("--map is only for kind csv")
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task(f"reading {path.name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if kind == "geonames":
            summary = imp.import_geonames(path, alternate_names, into=folder, progress=progress)
        elif kind == "osm":
            summary = imp.import_osm_settlements(path, into=folder, progress=progress,
                                                 country=country or "UA")
        elif kind == "osm-centres":
            summary = imp.import_osm_admin_centres(path, into=folder, progress=progress,
                                                   country=country or "UA")
        elif kind == "postal":
            summary = imp.import_geonames_postal(path, into=folder, progress=progress)
        elif kind == "csv":
            summary = imp.import_csv(path, cols or None, into=folder, country=country,
                                     progress=progress)
        else:
            summary = imp.import_boundaries(path, into=folder, country=country,
                                            progress=progress)
    click.echo(f"{kind}: read {summary.rows_read} rows, added {summary.added} entries "
               f"to {summary.written_to}")
    for reason, n in sorted(summary.skipped.items()):
        click.echo(f"  skipped {n}: {reason}")


def _pair(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field or not column:
        raise ConfigError(f"--map {text!r}: expected FIELD=COLUMN, e.g. --map name=title")
    return field.strip(), column.strip()


@gazetteer.command()
@_dir_option
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@handle_errors
def stats(gazetteer_dir: Path | None, as_json: bool) -> None:
    """Counts of the loaded gazetteer (default plus user entries)."""
    from truceline.geocoding import Gazetteer

    data = Gazetteer.load(_folder(gazetteer_dir)).stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        click.echo(f"{key}: {value}")


@gazetteer.command()
@click.argument("name")
@click.option("--region", default=None, help="Region the text states (any language).")
@click.option("--policy", type=click.Choice(["flag", "best", "raise"]), default="flag",
              show_default=True, help="What to do with an ambiguous name.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@_dir_option
@handle_errors
def search(name: str, region: str | None, policy: str, as_json: bool,
           gazetteer_dir: Path | None) -> None:
    """Resolve NAME: candidates, the choice and the reason."""
    from truceline.geocoding import Gazetteer, GazetteerGeocoder, GeoContext

    coder = GazetteerGeocoder(Gazetteer.load(_folder(gazetteer_dir)))
    res = coder.resolve(name, context=GeoContext(region=region), policy=policy)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
        return
    chosen = res.place
    click.echo(f"{name!r} -> " + (f"{chosen.name} ({chosen.admin1 or '?'}, {chosen.country}) "
                                  f"{chosen.lat:.5f}, {chosen.lon:.5f} precision "
                                  f"{chosen.precision} [{chosen.gazetteer_id}]"
                                  if chosen else "no place chosen"))
    click.echo(f"reason: {res.reason}")
    if res.renamed_from:
        click.echo(f"former name written: {res.renamed_from}")
    for c in res.candidates:
        click.echo(f"  candidate: {c.name} ({c.admin1 or '?'}, {c.country}) "
                   f"{c.lat:.5f}, {c.lon:.5f} [{c.gazetteer_id}]")


@cli.command()
@click.argument("name")
@click.option("--context", "context_text", default=None,
              help="Text around the name: regions in it are taken as stated, other place "
                   "names as places named nearby.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of the event (YYYY-MM-DD).")
@click.option("--frontline", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="GeoJSON of the contact line or occupied territory on that date.")
@click.option("--policy", type=click.Choice(["flag", "best", "raise"]), default="flag",
              show_default=True, help="What to do with an ambiguous name.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@_dir_option
@handle_errors
def geocode(name: str, context_text: str | None, on: object, frontline: Path | None,
            policy: str, as_json: bool, gazetteer_dir: Path | None) -> None:
    """Resolve NAME (a place as written) to a place, with the reason."""
    from truceline.geocoding import Gazetteer, GazetteerGeocoder, GeoContext
    from truceline.geocoding._phrase import parse

    mention = parse(context_text or "")
    ctx = GeoContext(region=mention.regions[0].name if mention.regions else None,
                     nearby=tuple(mention.names), on=on.date() if on else None,  # type: ignore[attr-defined]
                     frontline=_read_geometry(frontline) if frontline else None)
    coder = GazetteerGeocoder(Gazetteer.load(_folder(gazetteer_dir)))
    res = coder.resolve(name, context=ctx, policy=policy)  # type: ignore[arg-type]
    if as_json:
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
        return
    p = res.place
    click.echo(f"{p.name}: {p.lat:.5f}, {p.lon:.5f} ({p.admin1 or '?'}, {p.country}) "
               f"precision {p.precision} [{p.gazetteer_id}]" if p else "no place chosen")
    click.echo(f"reason: {res.reason}")
    for alt in (p.alternatives if p else [f"{c.name} ({c.admin1 or '?'}, {c.country}) "
                                          f"[{c.gazetteer_id}]" for c in res.candidates]):
        click.echo(f"  alternative: {alt}")


def _read_geometry(path: Path) -> object:
    import shapely
    from shapely.geometry import shape

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features") or [{"geometry": data.get("geometry") or data}]
        return shapely.union_all([shape(f["geometry"]) for f in feats if f.get("geometry")])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"--frontline {path}: not a readable GeoJSON geometry ({exc}). "
                          "Fix: pass a GeoJSON FeatureCollection or geometry file") from exc
