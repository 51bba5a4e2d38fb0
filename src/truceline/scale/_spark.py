"""Spark jobs: fusion and adjudication over Parquet, reusing the single-machine stages.

- :func:`fuse_job` keys every claim by its blocking key (declared incident, else H3 cell +
  UTC day; :func:`~truceline.scale.block_key`), shuffles so each block lands whole in one
  partition, and runs :func:`truceline.fusion.fuse` on each partition;
- :func:`adjudicate_job` broadcasts the agreements (zones included) and runs
  :func:`truceline.adjudication.adjudicate` on each partition of incidents;
- :func:`bulk_adjudicate_job` runs the columnar :func:`adjudicate_table` per partition and
  writes verdict codes only: the path for re-ruling very large archives.

Results are Parquet folders that :func:`~truceline.scale.load_results` puts into a store.
Sedona is not needed: zones travel as shapely geometries inside the broadcast agreements.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from truceline.domain import Agreement, Claim, Incident, Source
from truceline.errors import ConfigError
from truceline.scale._parquet import (
    FINDINGS_SCHEMA,
    INCIDENTS_SCHEMA,
    block_key,
    finding_rows,
    incident_rows,
)

BULK_COLUMNS = ("id", "start", "end", "has_when", "lon", "lat", "precision", "event_type",
                "target_type", "weapon_class", "actor", "grade")
"""Columns of the Parquet input of :func:`bulk_adjudicate_job` (one row per incident)."""


@contextmanager
def _quiet_pandas_version() -> Iterator[None]:
    """PySpark 4.x warns on every pandas-UDF plan under pandas 3; the jobs here use only plain
    frames of strings and numbers, which both support. Silence exactly that warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas",
                                category=FutureWarning)
        yield


def spark_session(master: str = "local[2]", *, app: str = "truceline",
                  shuffle_partitions: int | None = None,
                  conf: Mapping[str, str] | None = None) -> Any:
    """A SparkSession with Arrow on; ``master`` as for ``spark-submit --master``.

    On a cluster, every executor needs truceline installed (or shipped with
    ``--py-files``); ``PYSPARK_PYTHON`` names the interpreter to use there.
    """
    try:
        from pyspark.sql import SparkSession
    except ModuleNotFoundError as exc:
        raise ConfigError("PySpark is not installed; install it with "
                          "`pip install 'truceline[spark]'` (needs Java 17)") from exc
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC"))
    if master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local workers must run this interpreter (the one with truceline installed).
        os.environ["PYSPARK_PYTHON"] = sys.executable
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    with _quiet_pandas_version():  # PySpark checks the pandas version on start-up too
        return builder.getOrCreate()


def _child(out: str | Path, name: str) -> str:
    """``out/name``, keeping URIs (``hdfs://…``, ``s3a://…``) intact (``Path`` would not)."""
    return f"{str(out).rstrip('/')}/{name}"


def _arrow_ddl(schema: Any) -> str:
    types = {"string": "string", "double": "double", "int64": "bigint", "int8": "tinyint",
             "bool": "boolean", "int32": "int"}
    return ", ".join(f"`{f.name}` {types[str(f.type)]}" for f in schema)


@_quiet_pandas_version()
def fuse_job(spark: Any, claims: str | Path, out: str | Path,
             sources: Mapping[str, Source] | None = None, *, partitions: int = 8) -> str:
    """Fuse claims (Parquet from :func:`~truceline.scale.write_claims`) into ``out/incidents``."""
    import pandas as pd
    import pyspark.sql.functions as F

    from truceline.fusion import fuse

    sources_b = spark.sparkContext.broadcast(dict(sources or {}))

    def keyed(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for b in batches:
            lon = b["lon"].astype(object).where(b["lon"].notna(), None)
            lat = b["lat"].astype(object).where(b["lat"].notna(), None)
            yield pd.DataFrame({"block": [
                block_key(r, x, y, s) for r, x, y, s in zip(
                    b["incident_ref"].tolist(), lon.tolist(), lat.tolist(), b["start"].tolist(),
                    strict=True)], "data": b["data"]})

    df = spark.read.parquet(str(claims)).select("incident_ref", "lon", "lat", "start", "data")
    df = df.mapInPandas(keyed, "block string, data string")
    df = df.repartition(partitions, F.col("block")).select("data")

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        # A block never spans partitions, so fusing the whole partition is fusing each block.
        frames = [b for b in batches if len(b)]
        if not frames:
            return
        cs = [Claim.from_dict(json.loads(d)) for d in pd.concat(frames)["data"]]
        yield incident_rows(fuse(cs, sources_b.value)).to_pandas()

    path = _child(out, "incidents")
    df.mapInPandas(run, _arrow_ddl(INCIDENTS_SCHEMA)).write.mode("overwrite").parquet(path)
    return path


@_quiet_pandas_version()
def adjudicate_job(spark: Any, incidents: str | Path, agreements: Sequence[Agreement],
                   out: str | Path, *, origins: Mapping[str, str] | None = None,
                   partitions: int | None = None) -> str:
    """Rule incidents (Parquet) against broadcast agreements into ``out/findings``."""
    import pandas as pd

    from truceline.adjudication import adjudicate

    agreements_b = spark.sparkContext.broadcast(list(agreements))
    origins_b = spark.sparkContext.broadcast(dict(origins or {}))
    df = spark.read.parquet(str(incidents)).select("data")
    if partitions:
        df = df.repartition(partitions)

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            incs = [Incident.from_dict(json.loads(d)) for d in batch["data"]]
            found = adjudicate(incs, agreements_b.value, origins=origins_b.value)
            yield finding_rows(found).to_pandas()

    path = _child(out, "findings")
    df.mapInPandas(run, _arrow_ddl(FINDINGS_SCHEMA)).write.mode("overwrite").parquet(path)
    return path


@_quiet_pandas_version()
def bulk_adjudicate_job(spark: Any, table: str | Path, agreements: Sequence[Agreement],
                        out: str | Path, *, partitions: int | None = None) -> str:
    """Verdict codes (one ``int8`` column per clause, ``agreement/clause``) into ``out/verdicts``.

    The input has the columns :data:`BULK_COLUMNS` (times in microseconds since the epoch).
    """
    import pandas as pd

    from truceline.adjudication import IncidentTable, adjudicate_table

    agreements_b = spark.sparkContext.broadcast(list(agreements))
    names = [f"{a.id}/{c.id}" for a in agreements for c in a.clauses]
    ddl = "`id` string, " + ", ".join(f"`{n}` tinyint" for n in names)
    df = spark.read.parquet(str(table)).select(*BULK_COLUMNS)
    if partitions:
        df = df.repartition(partitions)

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for b in batches:
            t = table_from_frame(b, IncidentTable)
            codes = adjudicate_table(t, agreements_b.value).codes
            frame = pd.DataFrame(codes, columns=names)
            frame.insert(0, "id", b["id"].to_numpy())
            yield frame

    path = _child(out, "verdicts")
    df.mapInPandas(run, ddl).write.mode("overwrite").parquet(path)
    return path


def table_from_frame(frame: Any, cls: Any = None) -> Any:
    """An :class:`~truceline.adjudication.IncidentTable` from a pandas frame of
    :data:`BULK_COLUMNS`."""
    import numpy as np

    if cls is None:
        from truceline.adjudication import IncidentTable as cls

    def strings(name: str) -> list[str | None]:
        col = frame[name]
        return [None if missing else v
                for v, missing in zip(col.tolist(), col.isna().tolist(), strict=True)]

    return cls.from_columns(
        ids=frame["id"].to_numpy(dtype=object), start=frame["start"].to_numpy(np.int64),
        end=frame["end"].to_numpy(np.int64), has_when=frame["has_when"].to_numpy(bool),
        lon=frame["lon"].to_numpy(float), lat=frame["lat"].to_numpy(float),
        precision=frame["precision"].to_numpy(np.int64),
        event_type=strings("event_type"), target_type=strings("target_type"),
        weapon_class=strings("weapon_class"), actor=strings("actor"),
        grade=frame["grade"].to_numpy(np.int8))
