"""``truceline agreement``: check and show agreement files (format v1)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from truceline.agreements import check_agreement, describe_agreement, load_agreement
from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.errors import AgreementError, Problem

_DATA_DIR = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                         default=None, envvar="TRUCELINE_DATA",
                         help="Folder that 'data:' paths resolve against [env TRUCELINE_DATA].")


@cli.group()
def agreement() -> None:
    """Agreements: the rulebook (parties, windows, zones, clauses)."""


def _line(p: Problem) -> str:
    where = f"{p.file}:{p.line}" if p.line else str(p.file)
    fix = f" Fix: {p.fix}" if p.fix else ""
    message = p.message if p.message.endswith(("?", ".")) else p.message + "."
    return f"{where}: {message}{fix}"


@agreement.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_DATA_DIR
@handle_errors
def check_cmd(files: tuple[Path, ...], data_dir: Path | None) -> None:
    """Check agreement FILES; print every problem as file:line: message. Fix: ..."""
    bad = 0
    for file in files:
        problems = check_agreement(file, data_dir=data_dir)
        if problems:
            bad += len(problems)
            for p in problems:
                click.echo(_line(p))
            continue
        a = load_agreement(file, data_dir=data_dir)
        click.echo(f"OK: {a.id} ({len(a.windows)} windows, {len(a.zones)} zones, "
                   f"{len(a.clauses)} clauses)")
    if bad:
        raise SystemExit(AgreementError.exit_code)


@agreement.command("show")
@click.argument("file", type=click.Path(path_type=Path))
@_DATA_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@handle_errors
def show_cmd(file: Path, data_dir: Path | None, as_json: bool) -> None:
    """Show an agreement: parties, windows (UTC and local), zones (km²), clauses."""
    summary = describe_agreement(load_agreement(file, data_dir=data_dir))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for line in render_summary(summary):
        click.echo(line)


def render_summary(s: dict) -> list[str]:
    """Human-readable lines for a :func:`describe_agreement` summary."""
    def t(x: dict | None) -> str:
        return f"{x['utc']} ({x['local']})" if x else "open"

    out = [f"{s['id']}: {s['title']}", f"  source: {s['source']}", "parties:"]
    out += [f"  {p['code']}  {p['name']}" for p in s["parties"]]
    out.append("windows:")
    for w in s["windows"]:
        out.append(f"  {w['id']} [{w['timezone']}] {t(w['start'])} -> {t(w['end'])}"
                   + ("  DISPUTED" if w["disputed"] else ""))
        out += [f"    {r['edge']} per {r['party']}: {r['utc']} ({r['local']}) {r['note']}"
                for r in w["readings"]]
    out.append("zones:")
    for z in s["zones"]:
        out += [f"  {z['id']} ({z['kind']}, {z['area_km2']:,.0f} km²) {z['name']}",
                f"    {z['description']}"]
    out.append("clauses:")
    for c in s["clauses"]:
        acts = ", ".join(c["event_types"]) or "any act"
        extra = "; ".join(x for x in (
            f"targets {', '.join(c['target_types'])}" if c["target_types"] else "",
            f"weapons {', '.join(c['weapon_classes'])}" if c["weapon_classes"] else "") if x)
        out += [f"  {c['id']}: {c['title']}",
                f"    prohibits {acts}" + (f" ({extra})" if extra else ""),
                f"    binds {', '.join(c['parties'])}; zone {c['zone'] or 'anywhere'}; "
                f"windows {', '.join(c['windows'])}"]
    return out
