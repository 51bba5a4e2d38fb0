"""``truceline spark …``: export a workspace to Parquet, run the Spark jobs, load results back.

A full cluster round trip::

    truceline spark reports texts/ --out run/reports.parquet   # or: spark export -w WS
    truceline spark extract --reports run/reports.parquet --out run/ --master yarn
    truceline spark fuse --claims run/claims --out run/ --master yarn  # or spark export's
    truceline spark adjudicate --incidents run/incidents --agreements agreements/ --out run/
    truceline spark load run/ -w WS
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

import click

from truceline._typing import Undated
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


@contextmanager
def _session(master: str) -> Iterator[Any]:
    """A session for one command, stopped afterwards unless it was already running (a
    notebook's or a test's session is theirs to stop)."""
    from truceline.scale import spark_session

    try:
        from pyspark import SparkContext

        running = SparkContext._active_spark_context is not None
    except ModuleNotFoundError:
        running = False
    session = spark_session(master)
    try:
        yield session
    finally:
        if not running:
            session.stop()


@cli.group()
def spark() -> None:
    """Batch jobs on Spark over Parquet: extraction, fusion, adjudication at scale."""


@spark.command("reports")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Parquet file to write (the input of `truceline spark extract`).")
@click.option("--glob", "patterns", multiple=True, default=("*.txt", "*.html", "*.htm"),
              show_default=True, help="Files to take from folders (repeat for several).")
@click.option("--source", "source_id", default=None,
              help="Source id of every text [default: unknown, as `truceline extract`].")
@handle_errors
def reports_cmd(paths: tuple[str, ...], out: str, patterns: tuple[str, ...],
                source_id: str | None) -> None:
    """Pack texts (files, folders) into a reports table for `spark extract`.

    One row per text: name (the file name), content (its bytes), media_type, source_id."""
    import pyarrow.parquet as pq

    from truceline.scale import write_reports

    path = write_reports(paths, out, source_id=source_id, patterns=patterns)
    click.echo(f"{pq.ParquetFile(path).metadata.num_rows} report(s) written to {path}")


@spark.command("extract")
@click.option("--reports", required=True,
              help="Reports table (from `truceline spark reports`): a path or a URI.")
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder for claims/, aggregates/ and reports/ (status per report).")
@click.option("--parties", type=click.Path(exists=True, dir_okay=False), default=None,
              help="YAML file extending the party lexicon.")
@click.option("--undated", type=click.Choice(get_args(Undated)),
              default=None, help="Date for events the text gives no date for [default: as "
                                 "`truceline extract`].")
@click.option("--gazetteer-dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="User gazetteer folder to add to the bundled one (built on the driver, "
                   "broadcast to the executors).")
@click.option("--no-geocode", is_flag=True, help="Leave places as written.")
@_master
@_partitions
@handle_errors
def extract_cmd(reports: str, out: str, parties: str | None, undated: str | None,
                gazetteer_dir: str | None, no_geocode: bool, master: str,
                partitions: int) -> None:
    """Extract and geocode the claims of a reports table into OUT/claims.

    The same stages as `truceline extract`, per partition; the output is what
    `truceline spark fuse` takes. OUT/reports has a status row per report (ok, empty,
    quarantined with the reason and the fix)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from truceline.scale import extract_job
    from truceline.scale._spark import _child

    click.echo(f"extracting claims from {reports} on {master} …", err=True)
    with _session(master) as session:
        path = extract_job(session, reports, out, parties=parties, undated=undated,
                           geocode=not no_geocode, gazetteer=gazetteer_dir,
                           partitions=partitions)
    try:
        status = pq.read_table(_child(out, "reports"), columns=["status", "claims"])
    except (OSError, pa.ArrowException):  # a URI this machine cannot read: no summary
        click.echo(f"claims written to {path}; status per report in {out}/reports")
        return
    by = {c["values"]: c["counts"] for c in status.column("status").value_counts().to_pylist()}
    claims = pc.sum(status.column("claims")).as_py() or 0
    click.echo(f"{claims} claim(s) of {status.num_rows} report(s) written to {path}")
    if by.get("empty"):
        click.echo(f"{by['empty']} report(s) had no text (status empty in {out}/reports)")
    if by.get("quarantined"):
        click.echo(f"{by['quarantined']} report(s) quarantined: their reason and fix are "
                   f"in {out}/reports (status quarantined)")


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
              help="Claims Parquet (from `truceline spark export` or `spark extract`).")
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
    from truceline.scale import fuse_job

    sources = load_sources(sources_file) if sources_file else None
    with _session(master) as session:
        path = fuse_job(session, claims, out, sources, partitions=partitions)
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
    from truceline.scale import adjudicate_job

    rulebook = _agreements(agreements, data_dir)
    with _session(master) as session:
        path = adjudicate_job(session, incidents, rulebook, out, partitions=partitions)
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
