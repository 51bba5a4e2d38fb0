"""Reports, health, alerts, territory change and milestones: thin faces on the core."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli._output import echo_lines, output_options, render
from truceline.cli.workspace import workspace_option
from truceline.daily import FORMATS, write_daily_reports
from truceline.milestones import add_milestone, load_milestones
from truceline.pipeline import ingest_territory_change
from truceline.reporting import find_alerts, health_series, send_alerts
from truceline.storage import open_store
from truceline.territory import compare_snapshots


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def _milestones_path(workspace: str, given: str | None) -> Path | None:
    if given:
        return Path(given)
    default = Path(workspace) / "milestones.yaml"
    return default if default.exists() else None


@cli.group()
def report() -> None:
    """Daily reports, ceasefire health and alerts."""


@report.command("daily")
@click.option("--agreement", "agreement_id", required=True, help="Agreement id.")
@click.option("--day", callback=_day, help="One local day (YYYY-MM-DD); default: every day "
              "the agreement is in force.")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              default=("md", "html"), show_default=True, help="Repeat for several.")
@click.option("--out", "out_dir", default="reports", show_default=True, help="Output folder.")
@click.option("--snapshots", type=click.Path(exists=True, file_okay=False),
              help="Folder of dated territory-control snapshots (…_YYYYMMDD.geojson).")
@click.option("--controlled-by", default="RU", show_default=True,
              help="Party whose control the snapshots show.")
@click.option("--other", default="UA", show_default=True, help="The other party.")
@click.option("--milestones", type=click.Path(dir_okay=False),
              help="Milestones YAML (default: <workspace>/milestones.yaml if present).")
@workspace_option
@handle_errors
def daily(agreement_id: str, day: date | None, formats: tuple[str, ...], out_dir: str,
          snapshots: str | None, controlled_by: str, other: str, milestones: str | None,
          workspace: str) -> None:
    """Write the daily report(s) of an agreement: Markdown, HTML and/or PDF."""
    with open_store(workspace) as store:
        written = write_daily_reports(
            store, agreement_id, out_dir, days=[day] if day else None, formats=formats,
            snapshots=snapshots, controlled_by=controlled_by, other=other,
            milestones=_milestones_path(workspace, milestones))
    for w in written:
        click.echo(f"{w.report.day}: {len(w.report.findings)} findings → "
                   + ", ".join(p.name for p in w.files if p.suffix != ".png"))


@report.command("health")
@click.option("--agreement", "agreement_id", required=True, help="Agreement id.")
@click.option("--factor", default=3.0, show_default=True, help="Spike threshold factor.")
@output_options
@workspace_option
@handle_errors
def health(agreement_id: str, factor: float, fmt: str, workspace: str) -> None:
    """Daily series of findings by verdict and party, with the 7-day median baseline."""
    with open_store(workspace) as store:
        series = health_series(store.agreement(agreement_id), store.findings(), factor=factor)
    render([h.to_dict() for h in series], fmt,
           columns=("day", "violations", "baseline_7d_median", "threshold", "by_verdict",
                    "by_party"))


@report.command("alerts")
@click.option("--agreement", "agreement_id", required=True, help="Agreement id.")
@click.option("--factor", default=3.0, show_default=True, help="Spike threshold factor.")
@click.option("--to", "target", default="stdout", show_default=True,
              help="stdout, file:PATH (JSON lines appended) or an http(s):// webhook URL.")
@workspace_option
@handle_errors
def alerts(agreement_id: str, factor: float, target: str, workspace: str) -> None:
    """Raise alerts: spikes over the 7-day median, confirmed violations in protected zones."""
    with open_store(workspace) as store:
        found = find_alerts(store.agreement(agreement_id), store.findings(), factor=factor)
    n = send_alerts(found, target)
    if target != "stdout":
        click.echo(f"{n} alert(s) sent to {target}")


@cli.group()
def frontline() -> None:
    """Territory-control snapshots: what changed hands."""


@frontline.command("change")
@click.argument("before", type=click.Path(exists=True, dir_okay=False))
@click.argument("after", type=click.Path(exists=True, dir_okay=False))
@click.option("--controlled-by", default="RU", show_default=True)
@click.option("--other", default="UA", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Patches as JSON.")
@handle_errors
def change(before: str, after: str, controlled_by: str, other: str, as_json: bool) -> None:
    """Area that changed hands between two snapshots (km², equal-area projection)."""
    ch = compare_snapshots(before, after, controlled_by=controlled_by, other=other)
    if as_json:
        click.echo(json.dumps({
            "before": str(ch.before), "after": str(ch.after), "crs": ch.crs,
            "gained_km2": {controlled_by: ch.gained_km2(controlled_by),
                           other: ch.gained_km2(other)},
            "patches": [{"gained_by": p.gained_by, "area_km2": p.area_km2,
                         "geodesic_km2": p.geodesic_km2, "lon": p.lon, "lat": p.lat}
                        for p in ch.patches]}, indent=2))
    else:
        echo_lines(ch.lines())


@frontline.command("ingest")
@click.argument("before", type=click.Path(exists=True, dir_okay=False))
@click.argument("after", type=click.Path(exists=True, dir_okay=False))
@click.option("--controlled-by", default="RU", show_default=True)
@click.option("--other", default="UA", show_default=True)
@click.option("--timezone", "tz", default="Europe/Kyiv", show_default=True,
              help="Zone of the snapshots' dates.")
@workspace_option
@handle_errors
def frontline_ingest(before: str, after: str, controlled_by: str, other: str, tz: str,
                     workspace: str) -> None:
    """Store each patch that changed hands as an observed claim, for freeze clauses."""
    with open_store(workspace) as store:
        ch, stored, dup = ingest_territory_change(store, before, after,
                                                  controlled_by=controlled_by, other=other,
                                                  tz=tz)
    echo_lines(ch.lines())
    click.echo(f"stored {stored} patch claim(s), {dup} already stored; run "
               "`truceline adjudicate` to rule on them")


@cli.group()
def milestone() -> None:
    """The political track: negotiation milestones shown over violation charts."""


@milestone.command("add")
@click.argument("day", callback=_day)
@click.argument("text")
@click.option("--file", "path", type=click.Path(dir_okay=False),
              help="Milestones YAML (default: <workspace>/milestones.yaml).")
@workspace_option
@handle_errors
def milestone_add(day: date, text: str, path: str | None, workspace: str) -> None:
    """Record a milestone (summit, talks, announcement)."""
    track = add_milestone(path or Path(workspace) / "milestones.yaml", day, text)
    click.echo(f"{len(track)} milestone(s) recorded")


@milestone.command("list")
@click.option("--file", "path", type=click.Path(dir_okay=False))
@output_options
@workspace_option
@handle_errors
def milestone_list(path: str | None, fmt: str, workspace: str) -> None:
    """List the recorded milestones."""
    track = load_milestones(path or Path(workspace) / "milestones.yaml")
    render([{"date": d.isoformat(), "text": t} for d, t in track], fmt, columns=("date", "text"))


