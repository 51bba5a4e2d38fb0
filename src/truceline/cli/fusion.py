"""CLI face of fusion and grading: ``truceline fusion run|show|split|merge|decisions|headlines``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.errors import ConfigError, NotFoundError

workspace_option = click.option(
    "-w", "--workspace", envvar="TRUCELINE_WORKSPACE", default="workspace", show_default=True,
    help="Workspace folder (or a database URL). Env: TRUCELINE_WORKSPACE.")


@cli.group()
def fusion() -> None:
    """Incidents from claims: re-fuse, inspect, split and merge (with a reason)."""


def _decisions(store):  # type: ignore[no-untyped-def]
    from truceline.fusion import Decision
    from truceline.storage._fusion_decisions import fusion_decisions

    return [Decision.from_dict(d) for d in fusion_decisions(store)]


def refuse(store) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """Fuse every stored claim (respecting decisions), grade, store the incidents."""
    from truceline.fusion import fuse
    from truceline.grading import grade
    from truceline.storage._fusion_decisions import prune_incidents

    sources = store.sources()
    incidents = grade(fuse(store.iter_claims(), sources, decisions=_decisions(store)), sources)
    store.replace_incidents(incidents)
    prune_incidents(store, [i.id for i in incidents])
    return incidents


def _incident(store, incident_id: str):  # type: ignore[no-untyped-def]
    hits = [i for i in store.incidents() if i.id.startswith(incident_id)]
    if not hits:
        raise NotFoundError(f"no incident {incident_id!r}; run `truceline fusion run` and list "
                            "them with `truceline fusion show`")
    if len(hits) > 1:
        raise NotFoundError(f"incident id prefix {incident_id!r} is ambiguous; give more of it")
    return hits[0]


@fusion.command("run")
@workspace_option
@handle_errors
def run_cmd(workspace: str) -> None:
    """Fuse every stored claim into incidents and grade them (decisions respected)."""
    from truceline.storage import open_store

    with open_store(workspace) as store:
        incidents = refuse(store)
    claims = sum(len(i.claims) for i in incidents)
    click.echo(f"{claims} claims -> {len(incidents)} incidents")


@fusion.command("show")
@click.argument("incident_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@workspace_option
@handle_errors
def show_cmd(incident_id: str | None, as_json: bool, workspace: str) -> None:
    """List incidents, or show one: claims, independence groups, grade and reasons."""
    from truceline.fusion import read_upstream
    from truceline.grading import grade_reasons
    from truceline.storage import open_store

    with open_store(workspace) as store:
        incs = [_incident(store, incident_id)] if incident_id else store.incidents()
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in incs], ensure_ascii=False, indent=2))
        return
    for inc in incs:
        place = inc.place.name if inc.place else "?"
        click.echo(f"{inc.id}  {inc.event_type} at {place}  claims {len(inc.claims)}  "
                   f"grade {inc.credibility or '-'}{'  disputed' if inc.disputed else ''}")
        if not incident_id:
            continue
        ups = read_upstream(inc.notes)
        for c in inc.claims:
            click.echo(f"  {c.id}  {c.source_id}  {c.stance}  upstream {ups.get(c.id, '?')}")
        for r in grade_reasons(inc):
            click.echo(f"  {r}")


@fusion.command("split")
@click.argument("incident_id")
@click.option("--claims", "claim_list", required=True,
              help="Comma-separated claim ids to move out of the incident.")
@click.option("--reason", required=True, help="Why (kept with the decision).")
@click.option("--analyst", default="analyst", show_default=True)
@workspace_option
@handle_errors
def split_cmd(incident_id: str, claim_list: str, reason: str, analyst: str,
              workspace: str) -> None:
    """Split claims out of an incident; later runs keep them apart."""
    from truceline.storage import open_store
    from truceline.storage._fusion_decisions import record_fusion_decision

    with open_store(workspace) as store:
        inc = _incident(store, incident_id)
        ids = {c.id for c in inc.claims}
        moved = [x.strip() for x in claim_list.split(",") if x.strip()]
        wrong = sorted(set(moved) - ids)
        if wrong:
            raise ConfigError(f"--claims: {', '.join(wrong)} not in incident {inc.id}; its "
                              f"claims are {', '.join(sorted(ids))}")
        rest = sorted(ids - set(moved))
        if not rest:
            raise ConfigError("--claims names every claim of the incident; leave at least one")
        refs = {c.incident_ref for c in inc.claims if c.id in moved and c.incident_ref} & {
            c.incident_ref for c in inc.claims if c.id in rest}
        if refs:
            raise ConfigError(f"claims sharing incident_ref {sorted(refs)} are one incident by "
                              "declaration and cannot be split; move all of them or none")
        d = record_fusion_decision(store, kind="split", claim_ids=moved, other_ids=rest,
                                   reason=reason, analyst=analyst)
        incidents = refuse(store)
    click.echo(f"Recorded split {d['id']}; now {len(incidents)} incidents")


@fusion.command("merge")
@click.argument("incident_ids", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why (kept with the decision).")
@click.option("--analyst", default="analyst", show_default=True)
@workspace_option
@handle_errors
def merge_cmd(incident_ids: tuple[str, ...], reason: str, analyst: str, workspace: str) -> None:
    """Merge two or more incidents into one; later runs keep them together."""
    from truceline.storage import open_store
    from truceline.storage._fusion_decisions import record_fusion_decision

    if len(incident_ids) < 2:
        raise ConfigError("merge needs at least two incident ids")
    with open_store(workspace) as store:
        claims = sorted({c.id for i in incident_ids for c in _incident(store, i).claims})
        d = record_fusion_decision(store, kind="merge", claim_ids=claims, reason=reason,
                                   analyst=analyst)
        incidents = refuse(store)
    click.echo(f"Recorded merge {d['id']}; now {len(incidents)} incidents")


@fusion.command("decisions")
@workspace_option
@handle_errors
def decisions_cmd(workspace: str) -> None:
    """List analysts' split and merge decisions, oldest first."""
    from truceline.storage import open_store
    from truceline.storage._fusion_decisions import fusion_decisions

    with open_store(workspace) as store:
        for d in fusion_decisions(store):
            click.echo(f"{d['at']}  {d['id']}  {d['kind']}  by {d['analyst']}: {d['reason']}")


@fusion.command("headlines")
@click.argument("texts", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Truce start day.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Truce end day.")
@workspace_option
@handle_errors
def headlines_cmd(texts: tuple[Path, ...], start, end, workspace: str) -> None:  # type: ignore[no-untyped-def]
    """Each party's headline counts in TEXTS beside what the stored incidents support."""
    from truceline.extraction import extract
    from truceline.fusion import side_by_side
    from truceline.storage import open_store

    aggregates = extract(texts).aggregates
    first: date | None = start.date() if start else None
    last: date | None = end.date() if end else None
    with open_store(workspace) as store:
        rows = side_by_side(aggregates, store.incidents(), start=first, end=last)
    if not rows:
        click.echo("No headline counts found in the texts.")
    for r in rows:
        click.echo(f"{r.alleged_by or '?'} says {r.claimed if r.claimed is not None else '?'} "
                   f"({r.description}) by {r.accused or 'anyone'}, "
                   f"{r.period_start or '…'}..{r.period_end or '…'}: store has {r.incidents} "
                   f"incident(s), {r.supported} graded 1–3, {r.disputed} disputed")
