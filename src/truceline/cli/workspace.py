"""Workspace commands: init, ingest, adjudicate, findings, explain, audit, demo,
and the store-backed ``agreement add|list``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from truceline import pipeline
from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.cli._output import echo_lines, output_options, render
from truceline.cli.agreement import agreement as agreement_group
from truceline.errors import ConfigError
from truceline.registry import default_registry, load_registry, load_sources
from truceline.reporting import (
    SUMMARY_COLUMNS,
    explain_lines,
    finding_geometry,
    finding_row,
    summarise,
)
from truceline.storage import init_workspace, open_store
from truceline.storage._audit import audit_head, verify_anchor

workspace_option = click.option(
    "-w", "--workspace", envvar="TRUCELINE_WORKSPACE", default="workspace", show_default=True,
    help="Workspace folder (or a database URL). Env: TRUCELINE_WORKSPACE.")
data_dir_option = click.option(
    "--data-dir", envvar="TRUCELINE_DATA", type=click.Path(file_okay=False), default=None,
    help="Folder that `data:` paths in agreements refer to. Env: TRUCELINE_DATA.")


@contextmanager
def _progress(label: str, *, enabled: bool = True) -> Iterator[pipeline.Progress | None]:
    if not enabled:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


@cli.command()
@click.argument("workspace", default="workspace")
@handle_errors
def init(workspace: str) -> None:
    """Create a workspace (a folder holding the SQLite store), or migrate an old one."""
    with init_workspace(workspace) as store:
        click.echo(f"Workspace ready: {workspace} ({store.dialect})")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--mapping", default="auto", show_default=True,
              help="Built-in mapping name (acled, ucdp, missile_attacks, …) or a YAML file.")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False),
              help="Source registry YAML describing the sources the rows name.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@workspace_option
@handle_errors
def ingest(files: tuple[str, ...], mapping: str, sources_file: str | None, quiet: bool,
           workspace: str) -> None:
    """Read tabular event files (CSV, JSON Lines, GeoJSON) into the workspace."""
    registry = load_sources(sources_file) if sources_file else None
    with open_store(workspace) as store:
        if registry:
            store.upsert_sources(registry.values())
        for f in files:
            with _progress(f"ingest {Path(f).name}", enabled=not quiet) as bar:
                summary = pipeline.ingest(store, f, mapping=mapping, sources=registry,
                                          progress=bar)
            echo_lines(summary.lines())


@cli.command()
@click.option("--quiet", is_flag=True, help="No progress bar.")
@workspace_option
@handle_errors
def adjudicate(quiet: bool, workspace: str) -> None:
    """Fuse claims into incidents and rule every incident against every agreement."""
    with open_store(workspace) as store, _progress("adjudicate", enabled=not quiet) as bar:
        result = pipeline.run(store, progress=bar)
    click.echo(f"{result.claims} claims → {result.incidents} incidents × {result.agreements} "
               f"agreements → {result.findings} findings")
    click.echo("  " + ", ".join(f"{v}: {n}" for v, n in result.by_verdict))


@cli.command()
@click.option("--agreement", "agreement_id", help="Only this agreement.")
@click.option("--verdict", help="Only this verdict.")
@click.option("--accused", help="Only findings against this party code.")
@click.option("--all", "include_all", is_flag=True, help="Include not_applicable rulings.")
@output_options
@workspace_option
@handle_errors
def findings(agreement_id: str | None, verdict: str | None, accused: str | None,
             include_all: bool, fmt: str, workspace: str) -> None:
    """List findings (table, JSON, NL-JSON, CSV or GeoJSON)."""
    with open_store(workspace) as store:
        found = store.findings(agreement_id=agreement_id, verdict=verdict, accused=accused,
                               include_not_applicable=include_all)
    if fmt in ("json", "nl", "geojson"):
        rows = [f.to_dict() for f in found]
    else:
        rows = [finding_row(f) | {"id": f.id[:14]} if fmt == "table" else finding_row(f)
                for f in found]
    render(rows, fmt, columns=SUMMARY_COLUMNS, title=f"{len(found)} findings",
           geometry=finding_geometry)


@cli.command()
@click.argument("finding_id")
@click.option("--json", "as_json", is_flag=True, help="The finding record as JSON.")
@workspace_option
@handle_errors
def explain(finding_id: str, as_json: bool, workspace: str) -> None:
    """Show every test of a finding and the evidence behind it (id or unique prefix)."""
    with open_store(workspace) as store:
        finding = store.finding(finding_id)
    if as_json:
        click.echo(json.dumps(finding.to_dict(), ensure_ascii=False, indent=2))
    else:
        echo_lines(explain_lines(finding))


@cli.group()
def audit() -> None:
    """The append-only, hash-chained audit log."""


@audit.command("verify")
@click.option("--anchor", help="SEQ:HASH published earlier (see `audit head`): also prove the "
              "log still reaches that entry, so a cut-off end is detected.")
@workspace_option
@handle_errors
def audit_verify(anchor: str | None, workspace: str) -> None:
    """Re-compute the audit log's hash chain; exit 1 if any entry was altered or removed."""
    with open_store(workspace) as store:
        if anchor:
            seq, _, digest = anchor.partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise ConfigError(f"--anchor {anchor!r} is not SEQ:HASH; copy it from "
                                  "`truceline audit head`")
            ok, message = verify_anchor(store, int(seq), digest)
        else:
            ok, _, message = store.verify_audit()
    click.echo(("OK: " if ok else "BROKEN: ") + message)
    if not ok:
        raise SystemExit(1)


@audit.command("head")
@workspace_option
@handle_errors
def audit_head_cmd(workspace: str) -> None:
    """Print the newest entry as SEQ:HASH, to publish as an anchor."""
    with open_store(workspace) as store:
        seq, digest = audit_head(store)
    click.echo(f"{seq}:{digest}")


_SOURCE_COLUMNS = ("id", "name", "kind", "party", "grade")


@cli.group()
def sources() -> None:
    """The sources the store knows: kinds, parties, reliability grades."""


@sources.command("list")
@output_options
@workspace_option
@handle_errors
def sources_list(fmt: str, workspace: str) -> None:
    """Every source in the store."""
    with open_store(workspace) as store:
        rows = [s.to_dict() for s in store.sources().values()]
    render(sorted(rows, key=lambda r: r["id"]), fmt, columns=_SOURCE_COLUMNS)


@sources.command("review")
@click.option("--registry", "registry_file", type=click.Path(exists=True, dir_okay=False),
              help="Registry YAML (default: the starter registry shipped with Truceline).")
@output_options
@workspace_option
@handle_errors
def sources_review(registry_file: str | None, fmt: str, workspace: str) -> None:
    """Sources the registry does not know (graded F, kind unknown): add them to a registry."""
    registry = load_registry(registry_file) if registry_file else default_registry()
    with open_store(workspace) as store:
        known = store.sources()
    rows = [known[i].to_dict() for i in registry.for_review(known)
            if known[i].kind == "unknown"]
    render(rows, fmt, columns=_SOURCE_COLUMNS, title=f"{len(rows)} source(s) to review")


@agreement_group.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@data_dir_option
@workspace_option
@handle_errors
def agreement_add(files: tuple[str, ...], data_dir: str | None, workspace: str) -> None:
    """Check agreement files and store them in the workspace."""
    with open_store(workspace) as store:
        for f in files:
            a, changed = pipeline.add_agreement(store, f, data_dir=data_dir)
            state = "added" if changed else "unchanged"
            click.echo(f"{state}: {a.id} ({len(a.clauses)} clauses, {len(a.zones)} zones)")


@agreement_group.command("list")
@output_options
@workspace_option
@handle_errors
def agreement_list(fmt: str, workspace: str) -> None:
    """List the agreements stored in the workspace."""
    with open_store(workspace) as store:
        rows = [{"id": a.id, "title": a.title, "windows": len(a.windows),
                 "zones": len(a.zones), "clauses": len(a.clauses), "sha256": a.sha256[:12]}
                for a in store.agreements()]
    render(rows, fmt, columns=("id", "title", "windows", "zones", "clauses", "sha256"))


@cli.command()
@click.option("--workspace", "-w", default="demo-workspace", show_default=True,
              help="Folder to build the demo workspace in (replaced if it exists).")
@data_dir_option
@handle_errors
def demo(workspace: str, data_dir: str | None) -> None:
    """Build a workspace from bundled example data and rule it end to end (offline)."""
    from truceline.demo import run_demo

    result = run_demo(workspace, data_dir=data_dir)
    click.echo(f"Agreements: {', '.join(result.agreements)}")
    for s in result.skipped:
        click.echo(f"  skipped {s}")
    echo_lines(result.ingest.lines())
    click.echo(f"{result.run.claims} claims → {result.run.incidents} incidents → "
               f"{result.run.findings} rulings")
    with open_store(result.workspace) as store:
        summary = summarise(store.findings())
    for agreement_id, parties in summary.items():
        click.echo(f"\n{agreement_id}")
        for party, counts in sorted(parties.items()):
            click.echo(f"  against {party}: " + ", ".join(f"{v} {n}" for v, n in
                                                         sorted(counts.items())))
    click.echo(f"\nWrote {result.geojson} and {result.html}")
    click.echo(f"Try: truceline findings -w {result.workspace}   and   "
               f"truceline explain -w {result.workspace} <FINDING_ID>")
