"""``truceline spark …``: export a workspace to Parquet, run the Spark jobs, load results back.

A full cluster round trip::

    truceline spark export -w WS --out run/            # claims.parquet (+ sources)
    truceline spark fuse --claims run/claims.parquet --out run/ --master yarn
    truceline spark adjudicate --incidents run/incidents --agreements agreements/ --out run/
    truceline spark load run/ -w WS
"""

from __future__ import annotations

from pathlib import Path

import click

from truceline.cli import cli
from truceline.cli._errors import handle_errors
from truceline.errors import ConfigError

_workspace = click.option(
    "-w", "--workspace", "--db", "workspace", envvar=["TRUCELINE_DB", "TRUCELINE_WORKSPACE"],
    default="workspace", show_default=True,
    help="Workspace folder or database URL (postgresql://…). Env: TRUCELINE_DB, "
         "TRUCELINE_WORKSPACE.")
_master = click.option("--master", default="local[2]", show_default=True,
                       help="Spark master, as for spark-submit (local[N], yarn, spark://…).")
_partitions = click.option("--partitions", type=int, default=8, show_default=True,
                           help="Partitions of the shuffle / of the input.")


def _agreements(folder: str, data_dir: str | None) -> list:  # type: ignore[type-arg]
    from truceline.agreements import load_agreement

    path = Path(folder)
    files = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")) if path.is_dir() else [
        path]
    if not files:
        raise ConfigError(f"no agreement files (*.yaml) in {folder}; give a folder of "
                          "agreement YAML files or one file")
    return [load_agreement(f, data_dir=data_dir) for f in files]


@cli.group()
def spark() -> None:
    """Batch jobs on Spark over Parquet: fusion and adjudication at archive scale."""


@spark.command("export")
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder to write claims.parquet into.")
@_workspace
@handle_errors
def export(out: str, workspace: str) -> None:
    """Write the workspace's claims to OUT/claims.parquet for the fuse job."""
    from truceline.scale import write_claims
    from truceline.storage import open_store

    Path(out).mkdir(parents=True, exist_ok=True)
    with open_store(workspace) as store:
        path = write_claims(store.iter_claims(), Path(out) / "claims.parquet")
    click.echo(f"claims written to {path}")


@spark.command("fuse")
@click.option("--claims", required=True, type=click.Path(exists=True),
              help="Claims Parquet (from `truceline spark export`).")
@click.option("--out", required=True, type=click.Path(file_okay=False))
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False),
              help="Source registry YAML.")
@_master
@_partitions
@handle_errors
def fuse_cmd(claims: str, out: str, sources_file: str | None, master: str,
             partitions: int) -> None:
    """Fuse claims into incidents (blocked by declared incident, else H3 cell + day)."""
    from truceline.registry import load_sources
    from truceline.scale import fuse_job, spark_session

    sources = load_sources(sources_file) if sources_file else None
    session = spark_session(master)
    try:
        path = fuse_job(session, claims, out, sources, partitions=partitions)
    finally:
        session.stop()
    click.echo(f"incidents written to {path}")


@spark.command("adjudicate")
@click.option("--incidents", required=True, type=click.Path(exists=True),
              help="Incidents Parquet (from `truceline spark fuse`).")
@click.option("--agreements", required=True, type=click.Path(exists=True),
              help="A folder of agreement YAML files (or one file).")
@click.option("--out", required=True, type=click.Path(file_okay=False))
@click.option("--data-dir", envvar="TRUCELINE_DATA", type=click.Path(file_okay=False),
              help="Folder that `data:` paths in agreements refer to. Env: TRUCELINE_DATA.")
@_master
@_partitions
@handle_errors
def adjudicate_cmd(incidents: str, agreements: str, out: str, data_dir: str | None,
                   master: str, partitions: int) -> None:
    """Rule incidents against agreements (broadcast, zones included) into OUT/findings."""
    from truceline.scale import adjudicate_job, spark_session

    rulebook = _agreements(agreements, data_dir)
    session = spark_session(master)
    try:
        path = adjudicate_job(session, incidents, rulebook, out, partitions=partitions)
    finally:
        session.stop()
    click.echo(f"findings of {len(rulebook)} agreement(s) written to {path}")


@spark.command("load")
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@_workspace
@handle_errors
def load(out: str, workspace: str) -> None:
    """Load OUT/incidents and OUT/findings into the workspace (claims and agreements must
    be there already)."""
    from truceline.scale import load_results
    from truceline.storage import open_store

    with open_store(workspace) as store:
        n_inc, n_find = load_results(store, out)
    click.echo(f"loaded {n_inc} incidents and {n_find} findings into {workspace}")
