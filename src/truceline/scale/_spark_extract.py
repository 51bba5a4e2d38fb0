"""The Spark extraction job: a reports table → claims Parquet, as ``truceline extract`` does.

Each partition of reports runs the single-machine stages, report by report:
:func:`truceline.textintake.read_text` → :func:`truceline.extraction.extract` →
:func:`truceline.geocoding.geocode`. The gazetteer is built once on the driver and
broadcast (pickled, ~15 MB for the bundled one); each Python worker unpickles it once and
keeps it in a module-level cache for every later task of the job, so no executor rebuilds
it from GeoNames (~10 s). A report that cannot be read is quarantined in ``out/reports``
with the reason and the fix; it never stops the job.
"""

from __future__ import annotations

import json
import pickle
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args

import pyarrow as pa

from truceline._runtime import quiet_gc
from truceline._typing import Undated
from truceline.domain import sha256_hex
from truceline.errors import ConfigError, TrucelineError
from truceline.scale._parquet import CLAIMS_SCHEMA, claim_rows
from truceline.scale._spark import _arrow_ddl, _child, _quiet_pandas_version

__all__ = ["REPORT_STATUS_SCHEMA", "extract_job"]

REPORT_STATUS_SCHEMA = pa.schema([
    ("name", pa.string()), ("report_id", pa.string()), ("source_id", pa.string()),
    ("status", pa.string()), ("language", pa.string()), ("published", pa.string()),
    ("flags", pa.string()), ("mt_fragments", pa.string()), ("claims", pa.int64()),
    ("aggregates", pa.int64()), ("message", pa.string()), ("fix", pa.string())])
"""Columns of ``out/reports``: one row per input report. ``status`` is ``ok``, ``empty``
(no text after decoding) or ``quarantined`` (``message`` and ``fix`` say why);
``flags`` and ``mt_fragments`` are JSON lists."""

_KEYS = pa.schema([("kind", pa.string()), ("seq", pa.int64())])
_ROWS = pa.schema([*_KEYS, *CLAIMS_SCHEMA,
                   *(f for f in REPORT_STATUS_SCHEMA if f.name not in CLAIMS_SCHEMA.names)])
_BATCH = 256  # reports per Arrow batch: texts can be large
_GEOCODERS: dict[str, Any] = {}  # per Python worker: broadcast key -> GazetteerGeocoder


def _parties(text: str | None) -> Any:
    """The party lexicon in this worker, from the broadcast text of the user's YAML file
    (written once per worker to a temporary file named by its hash; loads are cached)."""
    from truceline.extraction import load_parties

    if text is None:
        return load_parties(None)
    path = Path(tempfile.gettempdir()) / f"truceline-parties-{sha256_hex(text.encode())}.yaml"
    if not path.exists():
        tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return load_parties(path)


def _geocoder(key: str, payload: Any) -> Any:
    """The job's geocoder in this worker: the broadcast gazetteer, unpickled once."""
    coder = _GEOCODERS.get(key)
    if coder is None:
        from truceline.geocoding import GazetteerGeocoder

        with quiet_gc():  # millions of small containers: the collector would only slow this
            gazetteer = pickle.loads(payload.value)  # the driver's own pickle
        _GEOCODERS.clear()  # one job's gazetteer at a time
        coder = _GEOCODERS[key] = GazetteerGeocoder(gazetteer)
    return coder


def _status(name: Any, report_id: str | None, source_id: str, status: str, **kw: Any
            ) -> dict[str, Any]:
    return {"kind": "report", "seq": 0, "name": name, "report_id": report_id,
            "source_id": source_id, "status": status, "claims": 0, "aggregates": 0, **kw}


def _one(row: dict[str, Any], parties: Any, undated: str | None,
         coder: Any) -> list[dict[str, Any]]:
    """The output rows of one report: its claims, its aggregates and its status."""
    from truceline.extraction import extract
    from truceline.geocoding import geocode
    from truceline.textintake import read_text

    name, content = row.get("name"), row.get("content")
    source_id = row.get("source_id") or "unknown"
    data = content.encode("utf-8") if isinstance(content, str) else content
    rid = sha256_hex(data) if isinstance(data, bytes) else None
    if not isinstance(name, str) or not name:
        return [_status(name, rid, source_id, "quarantined", message="the row has no name",
                        fix="give every report a name (its file name or origin)")]
    if not isinstance(data, bytes):
        return [_status(name, rid, source_id, "quarantined", message="the row has no content",
                        fix="give the report's text or bytes in the `content` column")]
    try:
        doc = read_text(data, name=name, media_type=row.get("media_type") or None,
                        source_id=source_id)
        opts = {"undated": undated} if undated is not None else {}
        result = extract([doc], parties=parties, **opts)
        claims = geocode(result.claims, coder) if coder is not None else result.claims
    except TrucelineError as exc:
        first = exc.problems[0] if exc.problems else None
        return [_status(name, rid, source_id, "quarantined",
                        message=first.message if first else exc.message,
                        fix=first.fix if first and first.fix else "see the message")]
    except Exception as exc:  # noqa: BLE001 - one odd text must not stop an archive run
        return [_status(name, rid, source_id, "quarantined",
                        message=f"{type(exc).__name__}: {exc}",
                        fix="report this as a Truceline bug, with the text; the other "
                            "reports were extracted")]
    q = result.quality[0]
    rows: list[dict[str, Any]] = []
    table = claim_rows(claims).to_pylist()
    for seq, r in enumerate(table):
        rows.append({**r, "kind": "claim", "seq": seq, "name": name, "report_id": rid})
    for seq, a in enumerate(result.aggregates):
        rows.append({"kind": "aggregate", "seq": seq, "name": name, "report_id": rid,
                     "data": json.dumps(a.to_dict(), ensure_ascii=False)})
    rows.append(_status(
        name, doc.report.id, source_id, "ok" if doc.body.strip() else "empty",
        language=q.language, published=q.published.isoformat() if q.published else None,
        flags=json.dumps(list(q.flags)), mt_fragments=json.dumps(list(q.mt_fragments),
                                                                 ensure_ascii=False),
        claims=len(table), aggregates=len(result.aggregates)))
    return rows


def _run(batches: Iterator[pa.RecordBatch], *, parties_b: Any, undated: str | None,
         geo_key: str | None, geo_b: Any) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        coder = _geocoder(geo_key, geo_b) if geo_key else None
        parties = _parties(parties_b.value)
        rows: list[dict[str, Any]] = []
        for row in batch.to_pylist():
            rows += _one(row, parties, undated, coder)
        yield pa.RecordBatch.from_pylist(rows, schema=_ROWS)


@contextmanager
def _batch_size(spark: Any, n: int) -> Iterator[None]:
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    old = spark.conf.get(key, None)
    spark.conf.set(key, str(n))
    try:
        yield
    finally:
        if old is None:
            spark.conf.unset(key)
        else:
            spark.conf.set(key, old)


def _input(spark: Any, reports: str | Path) -> Any:
    where = str(reports)
    if "://" not in where and not Path(where).exists():
        raise ConfigError(f"no reports table at {where}: make one with "
                          "`truceline spark reports DIR --out reports.parquet`")
    df = spark.read.parquet(where)
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    missing = [c for c in ("name", "content") if c not in types]
    if missing:
        raise ConfigError(f"{where}: no column {', '.join(missing)}; a reports table has "
                          "`name`, `content` (text or bytes) and optionally `media_type` and "
                          "`source_id`. Make one with `truceline spark reports DIR --out "
                          "reports.parquet`")
    if types["content"] not in ("binary", "string"):
        raise ConfigError(f"{where}: column `content` is {types['content']}; it must hold "
                          "the text (string) or its bytes (binary)")
    import pyspark.sql.functions as F

    for col in ("media_type", "source_id"):
        if col not in types:
            df = df.withColumn(col, F.lit(None).cast("string"))
    return df.select("name", "content", "media_type", "source_id")


@_quiet_pandas_version()
def extract_job(spark: Any, reports: str | Path, out: str | Path, *,
                parties: str | Path | None = None,
                undated: str | None = None,
                geocode: bool = True, gazetteer: Any = None,
                partitions: int | None = None) -> str:
    """Extract (and geocode) the claims of a reports table into ``out/claims``.

    Parameters
    ----------
    spark
        A session (:func:`~truceline.scale.spark_session`).
    reports
        Parquet with the columns ``name``, ``content`` and optionally ``media_type``,
        ``source_id`` (:func:`~truceline.scale.write_reports`).
    out
        Folder (or URI) for ``claims`` (the :func:`~truceline.scale.write_claims` schema,
        sorted by report name, report id and the claim's order in its report),
        ``aggregates`` and ``reports`` (one status row per report:
        :data:`REPORT_STATUS_SCHEMA`).
    parties, undated
        As for :func:`truceline.extraction.extract` (``undated=None``: its default, as
        ``truceline extract`` uses).
    geocode
        Resolve places with :func:`truceline.geocoding.geocode`, as ``truceline extract``
        does (default).
    gazetteer
        A :class:`~truceline.geocoding.Gazetteer`, or a user gazetteer folder (loaded with
        ``Gazetteer.load``); default: the bundled one. Built once on the driver and
        broadcast.
    partitions
        Partitions to spread the reports over (default: the session's parallelism).

    Returns
    -------
    str
        ``out/claims`` (a URI stays a URI), ready for :func:`~truceline.scale.fuse_job`.
    """
    from truceline.extraction import load_parties

    if undated is not None and undated not in (choices := get_args(Undated)):
        raise ConfigError(f"undated={undated!r}: use one of {', '.join(choices)}")
    df = _input(spark, reports)
    sc = spark.sparkContext
    load_parties(parties)  # a wrong file fails here, on the driver, with its line
    parties_b = sc.broadcast(Path(parties).read_text(encoding="utf-8") if parties else None)
    geo_key, geo_b = None, None
    if geocode:
        from truceline.geocoding import Gazetteer, default_gazetteer

        gaz = gazetteer if isinstance(gazetteer, Gazetteer) else (
            Gazetteer.load(gazetteer) if gazetteer is not None else default_gazetteer())
        geo_key, geo_b = uuid.uuid4().hex, sc.broadcast(pickle.dumps(gaz, protocol=5))

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        return _run(batches, parties_b=parties_b, undated=undated, geo_key=geo_key,
                    geo_b=geo_b)

    df = df.repartition(partitions or sc.defaultParallelism)
    rows = df.mapInArrow(run, _arrow_ddl(_ROWS)).persist()
    try:
        with _batch_size(spark, _BATCH):
            kind = rows["kind"]
            # Claims first: their global sort computes the cached rows on every partition.
            rows.where(kind == "claim").orderBy("name", "report_id", "seq").select(
                *CLAIMS_SCHEMA.names).write.mode("overwrite").parquet(_child(out, "claims"))
            # Then one small file each (a row per report / per headline count), in order,
            # read from the cache the claims' sort filled (no shuffle, no second extraction).
            rows.where(kind == "aggregate").coalesce(1).sortWithinPartitions(
                "name", "report_id", "seq").select("name", "report_id", "data").write.mode(
                "overwrite").parquet(_child(out, "aggregates"))
            rows.where(kind == "report").coalesce(1).sortWithinPartitions(
                "name", "report_id").select(*REPORT_STATUS_SCHEMA.names).write.mode(
                "overwrite").parquet(_child(out, "reports"))
    finally:
        rows.unpersist()
        for b in (parties_b, geo_b):
            if b is not None:
                b.unpersist()
    return _child(out, "claims")
