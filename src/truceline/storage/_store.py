"""The store: domain values in, domain values out, over SQLAlchemy Core.

One class serves SQLite (the embedded default, WAL mode, inside a workspace folder) and
any other SQLAlchemy URL the schema supports. Every write that belongs together happens in
one transaction, so a crash leaves the store as it was before or after, never between.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from truceline.domain import Agreement, Claim, Finding, Incident, Report, Source, Zone
from truceline.errors import ConfigError, NotFoundError, StorageError
from truceline.storage import _schema as s
from truceline.storage._codec import agreement_from_dict, agreement_to_dict
from truceline.storage._migrate import upgrade
from truceline.storage._postgis import insert_ignore, lock_audit_chain, point_in_bbox
from truceline.storage._postgis import normalise_url as _normalise_url

DB_FILE = "truceline.db"


@dataclass(frozen=True, kw_only=True)
class IngestRun:
    """The bookkeeping of one ingest of one file (resumable from ``last_row``)."""

    id: int
    path: str
    sha256: str
    mapping: str
    last_row: int
    read: int
    stored: int
    duplicates: int
    quarantined: int
    status: str


@dataclass(frozen=True, kw_only=True)
class QuarantineRow:
    """A row the intake refused, with its reason."""

    file: str
    row: int
    field: str | None
    reason: str
    raw: str


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _resolve_url(location: str | Path) -> tuple[str, Path | None]:
    loc = str(location)
    if "://" in loc:
        return _normalise_url(loc), None
    folder = Path(loc)
    return f"sqlite:///{folder / DB_FILE}", folder


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class Store:
    """Persistence for every stage. Open with :func:`open_store` or :func:`init_workspace`."""

    def __init__(self, engine: Engine, *, workspace: Path | None = None):
        self.engine = engine
        self.workspace = workspace

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources ---------------------------------------------------------------------------
    def upsert_sources(self, sources: Iterable[Source]) -> None:
        """Add sources, or update their kind, party and grade."""
        with self.engine.begin() as conn:
            for src in sources:
                self._upsert_source(conn, src)

    def _upsert_source(self, conn: Any, src: Source) -> None:
        row = src.to_dict()
        # Insert-or-ignore first: two concurrent ingests may add the same new source.
        if conn.execute(insert_ignore(s.sources, self.dialect).values(**row)).first() is None:
            conn.execute(update(s.sources).where(s.sources.c.id == src.id).values(**row))

    def sources(self) -> dict[str, Source]:
        """Every known source, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.sources)).mappings().all()
        return {r["id"]: Source(**r) for r in rows}

    # -- ingest bookkeeping -----------------------------------------------------------------
    def start_ingest(self, path: str, sha256: str, mapping: str) -> IngestRun:
        """Open the ingest of a file, or resume the unfinished run of the same file."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(s.ingests).where(s.ingests.c.sha256 == sha256,
                                        s.ingests.c.mapping == mapping,
                                        s.ingests.c.status == "running")
                .order_by(s.ingests.c.id.desc())
            ).mappings().first()
            if row is None:
                new_id = conn.execute(insert(s.ingests).values(
                    path=path, sha256=sha256, mapping=mapping, started_at=_now(), last_row=0,
                    read=0, stored=0, duplicates=0, quarantined=0, status="running",
                )).inserted_primary_key[0]
                row = conn.execute(select(s.ingests).where(s.ingests.c.id == new_id)
                                   ).mappings().one()
        return IngestRun(**{k: row[k] for k in IngestRun.__dataclass_fields__})

    def commit_batch(self, run_id: int, *, last_row: int, records: Sequence[tuple[Report,
                     Sequence[Claim]]], quarantined: Sequence[QuarantineRow], file_sha256: str,
                     read: int) -> tuple[int, int]:
        """Store one batch of rows and advance the run, all in one transaction.

        Returns ``(stored, duplicates)``: a report already in the store (same SHA-256) is a
        duplicate and adds nothing.
        """
        stored = dup = 0
        try:
            with self.engine.begin() as conn:
                # One multi-row INSERT … ON CONFLICT DO NOTHING RETURNING id: a report
                # already stored (or stored by a concurrent ingest) is a duplicate, not an
                # error, and only the claims of reports new here are added.
                rows = {r.id: {
                    "id": r.id, "source_id": r.source_id, "media_type": r.media_type,
                    "origin": r.origin, "received_at": r.received_at.isoformat(),
                    "published_at": r.published_at.isoformat() if r.published_at else None,
                    "language": r.language, "title": r.title, "content": r.content}
                    for r, _ in records}
                added: set[str] = set()
                if rows:
                    added = set(conn.execute(insert_ignore(s.reports, self.dialect),
                                             list(rows.values())).scalars())
                new_claims = []
                for report, claims in records:
                    if report.id not in added:
                        dup += 1
                        continue
                    added.discard(report.id)  # a repeat within the batch is a duplicate
                    new_claims.extend(_claim_row(c) for c in claims)
                    stored += 1
                if new_claims:
                    conn.execute(insert(s.claims), new_claims)
                for q in quarantined:
                    conn.execute(insert_ignore(s.quarantine, self.dialect).values(
                        file_sha256=file_sha256, file=q.file, row=q.row, field=q.field,
                        reason=q.reason, raw=q.raw, ingest_id=run_id))
                conn.execute(update(s.ingests).where(s.ingests.c.id == run_id).values(
                    last_row=last_row, read=s.ingests.c.read + read,
                    stored=s.ingests.c.stored + stored,
                    duplicates=s.ingests.c.duplicates + dup,
                    quarantined=s.ingests.c.quarantined + len(quarantined)))
        except SQLAlchemyError as exc:
            raise StorageError(f"could not store rows up to {last_row}: {exc}. The batch was "
                               "rolled back; run the same ingest again to resume.") from exc
        return stored, dup

    def finish_ingest(self, run_id: int) -> IngestRun:
        """Mark a run done and return its totals."""
        with self.engine.begin() as conn:
            conn.execute(update(s.ingests).where(s.ingests.c.id == run_id)
                         .values(status="done", finished_at=_now()))
            row = conn.execute(select(s.ingests).where(s.ingests.c.id == run_id)).mappings().one()
        return IngestRun(**{k: row[k] for k in IngestRun.__dataclass_fields__})

    def quarantined(self, *, file_sha256: str | None = None) -> list[QuarantineRow]:
        """Rows refused by intake, with reasons."""
        q = select(s.quarantine).order_by(s.quarantine.c.id)
        if file_sha256:
            q = q.where(s.quarantine.c.file_sha256 == file_sha256)
        with self.engine.connect() as conn:
            rows = conn.execute(q).mappings().all()
        return [QuarantineRow(file=r["file"], row=r["row"], field=r["field"],
                              reason=r["reason"], raw=r["raw"]) for r in rows]

    # -- reports and claims -----------------------------------------------------------------
    def report(self, report_id: str) -> Report:
        """One report, verbatim."""
        with self.engine.connect() as conn:
            r = conn.execute(select(s.reports).where(s.reports.c.id == report_id)
                             ).mappings().first()
        if r is None:
            raise NotFoundError(f"no report {report_id!r} in the store")
        return Report(id=r["id"], content=r["content"], source_id=r["source_id"],
                      media_type=r["media_type"], origin=r["origin"],
                      received_at=datetime.fromisoformat(r["received_at"]),
                      published_at=datetime.fromisoformat(r["published_at"])
                      if r["published_at"] else None,
                      language=r["language"], title=r["title"])

    def report_origins(self, report_ids: Iterable[str]) -> dict[str, str]:
        """``origin`` of each report id (``file:row``)."""
        ids = list(set(report_ids))
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                for rid, origin in conn.execute(select(s.reports.c.id, s.reports.c.origin)
                                                .where(s.reports.c.id.in_(chunk))):
                    out[rid] = origin
        return out

    def iter_claims(self, batch: int = 5000) -> Iterator[Claim]:
        """Every claim, in id order, streamed."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(
                select(s.claims.c.data).order_by(s.claims.c.id))
            for part in result.partitions(batch):
                for (data,) in part:
                    yield Claim.from_dict(json.loads(data))

    def counts(self) -> dict[str, int]:
        """Rows per main table."""
        out = {}
        with self.engine.connect() as conn:
            for name in ("sources", "reports", "claims", "quarantine", "agreements", "incidents",
                         "findings", "audit_log"):
                out[name] = conn.execute(select(func.count()).select_from(
                    s.metadata.tables[name])).scalar_one()
        return out

    # -- agreements -------------------------------------------------------------------------
    def add_agreement(self, agreement: Agreement, yaml_text: str) -> bool:
        """Store (or replace) an agreement with its zone geometries; True if new or changed."""
        with self.engine.begin() as conn:
            old = conn.execute(select(s.agreements.c.sha256).where(
                s.agreements.c.id == agreement.id)).first()
            if old and old[0] == agreement.sha256:
                return False
            if old:
                conn.execute(delete(s.agreement_zones).where(
                    s.agreement_zones.c.agreement_id == agreement.id))
                conn.execute(delete(s.agreements).where(s.agreements.c.id == agreement.id))
            conn.execute(insert(s.agreements).values(
                id=agreement.id, title=agreement.title, sha256=agreement.sha256,
                origin=agreement.origin, added_at=_now(), yaml=yaml_text,
                data=json.dumps(agreement_to_dict(agreement), ensure_ascii=False)))
            for z in agreement.zones:
                conn.execute(insert(s.agreement_zones).values(
                    agreement_id=agreement.id, zone_id=z.id, kind=z.kind, name=z.name,
                    description=z.description, wkb=shapely.to_wkb(z.geometry)))
            self._audit(conn, "system", "agreement.add", agreement.id,
                        {"sha256": agreement.sha256, "origin": agreement.origin})
        return True

    def agreements(self) -> list[Agreement]:
        """Every stored agreement, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.agreements).order_by(s.agreements.c.id)).mappings().all()
            zones = conn.execute(select(s.agreement_zones)).mappings().all()
        by_agreement: dict[str, list[Zone]] = {}
        for z in zones:
            by_agreement.setdefault(z["agreement_id"], []).append(Zone(
                id=z["zone_id"], kind=z["kind"], name=z["name"], description=z["description"],
                geometry=shapely.from_wkb(z["wkb"])))
        return [agreement_from_dict(json.loads(r["data"]), tuple(by_agreement.get(r["id"], ())))
                for r in rows]

    def agreement(self, agreement_id: str) -> Agreement:
        """One stored agreement."""
        for a in self.agreements():
            if a.id == agreement_id:
                return a
        known = ", ".join(a.id for a in self.agreements()) or "none"
        raise NotFoundError(f"no agreement {agreement_id!r} in the store (known: {known}). "
                            "Add it with `truceline agreement add FILE`.")

    # -- incidents and findings ---------------------------------------------------------------
    def replace_incidents(self, incidents: Sequence[Incident]) -> None:
        """Write incidents (and their claim links), replacing those with the same ids."""
        with self.engine.begin() as conn:
            for inc in incidents:
                conn.execute(delete(s.incident_claims).where(
                    s.incident_claims.c.incident_id == inc.id))
                p = inc.place
                values = dict(
                    event_type=inc.event_type, target_type=inc.target_type,
                    actor=inc.actor, start=inc.when.start.isoformat() if inc.when else None,
                    end=inc.when.end.isoformat() if inc.when else None,
                    lon=p.lon if p else None, lat=p.lat if p else None,
                    data=json.dumps(inc.to_dict(), ensure_ascii=False))
                # Update in place: findings refer to incidents by id.
                if conn.execute(update(s.incidents).where(s.incidents.c.id == inc.id)
                                .values(**values)).rowcount == 0:
                    conn.execute(insert(s.incidents).values(id=inc.id, **values))
                conn.execute(insert(s.incident_claims),
                             [{"incident_id": inc.id, "claim_id": c} for c in inc.claim_ids])
                if self.dialect == "sqlite" and p and p.lon is not None:
                    rowid = conn.execute(text("SELECT rowid FROM incidents WHERE id = :i"),
                                         {"i": inc.id}).scalar_one()
                    conn.execute(text("INSERT OR REPLACE INTO incident_rtree VALUES "
                                      "(:r, :x, :x, :y, :y)"), {"r": rowid, "x": p.lon, "y": p.lat})

    def incidents(self, *, bbox: tuple[float, float, float, float] | None = None
                  ) -> list[Incident]:
        """Incidents, optionally within a lon/lat bounding box (min_lon, min_lat, max_lon,
        max_lat), answered from the R*Tree on SQLite and the GiST index on PostGIS."""
        q = select(s.incidents.c.data).order_by(s.incidents.c.id)
        if bbox is not None:
            x0, y0, x1, y1 = bbox
            if self.dialect == "sqlite":
                q = q.where(text("incidents.rowid IN (SELECT id FROM incident_rtree WHERE "
                                 "min_lon >= :x0 AND max_lon <= :x1 AND min_lat >= :y0 AND "
                                 "max_lat <= :y1)").bindparams(x0=x0, x1=x1, y0=y0, y1=y1))
            elif self.dialect == "postgresql":
                q = q.where(point_in_bbox(s.incidents, bbox))
            else:
                q = q.where(s.incidents.c.lon.between(x0, x1), s.incidents.c.lat.between(y0, y1))
        with self.engine.connect() as conn:
            return [Incident.from_dict(json.loads(d)) for (d,) in conn.execute(q)]

    def replace_findings(self, findings: Sequence[Finding]) -> None:
        """Write findings; a finding already there keeps its review status."""
        with self.engine.begin() as conn:
            for f in findings:
                old = conn.execute(select(s.findings.c.status).where(s.findings.c.id == f.id)
                                   ).first()
                status = old[0] if old else f.status
                data = f.to_dict() | {"status": status}
                values = dict(id=f.id, incident_id=f.incident_id, agreement_id=f.agreement_id,
                              clause_id=f.clause_id, verdict=f.verdict, status=status,
                              accused=f.accused, start=f.start, end=f.end, lon=f.lon, lat=f.lat,
                              data=json.dumps(data, ensure_ascii=False))
                if old:
                    conn.execute(update(s.findings).where(s.findings.c.id == f.id).values(**values))
                else:
                    conn.execute(insert(s.findings).values(**values))
            self._audit(conn, "system", "adjudicate", "findings", {"count": len(findings)})

    def findings(self, *, agreement_id: str | None = None, verdict: str | None = None,
                 accused: str | None = None, include_not_applicable: bool = False,
                 bbox: tuple[float, float, float, float] | None = None) -> list[Finding]:
        """Findings, filtered; ``not_applicable`` ones only when asked.

        ``bbox`` (min_lon, min_lat, max_lon, max_lat) keeps findings whose point lies in the
        box, edges included (pushed down to the GiST index on PostGIS).
        """
        q = select(s.findings.c.data).order_by(s.findings.c.agreement_id, s.findings.c.start,
                                               s.findings.c.id)
        if agreement_id:
            q = q.where(s.findings.c.agreement_id == agreement_id)
        if verdict:
            q = q.where(s.findings.c.verdict == verdict)
        elif not include_not_applicable:
            q = q.where(s.findings.c.verdict != "not_applicable")
        if accused:
            q = q.where(s.findings.c.accused == accused)
        if bbox is not None:
            x0, y0, x1, y1 = bbox
            q = q.where(point_in_bbox(s.findings, bbox) if self.dialect == "postgresql" else
                        s.findings.c.lon.between(x0, x1) & s.findings.c.lat.between(y0, y1))
        with self.engine.connect() as conn:
            return [Finding.from_dict(json.loads(d)) for (d,) in conn.execute(q)]

    def finding(self, finding_id: str) -> Finding:
        """One finding, by id or by a unique id prefix."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.findings.c.id, s.findings.c.data).where(
                s.findings.c.id.like(f"{finding_id}%")).limit(2)).all()
        if not rows:
            raise NotFoundError(f"no finding {finding_id!r}; list them with "
                                "`truceline findings --all`")
        if len(rows) > 1 and rows[0][0] != finding_id:
            raise NotFoundError(f"finding id prefix {finding_id!r} is ambiguous; give more of it")
        return Finding.from_dict(json.loads(rows[0][1]))

    # -- audit log ------------------------------------------------------------------------------
    def _audit(self, conn: Any, actor: str, action: str, obj: str,
               payload: dict[str, Any]) -> None:
        lock_audit_chain(conn)
        prev = conn.execute(select(s.audit_log.c.hash).order_by(s.audit_log.c.seq.desc())
                            .limit(1)).scalar()
        prev = prev or "0" * 64
        at = _now()
        body = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(f"{prev}|{at}|{actor}|{action}|{obj}|{body}".encode()).hexdigest()
        conn.execute(insert(s.audit_log).values(at=at, actor=actor, action=action, object=obj,
                                                payload=body, prev_hash=prev, hash=digest))

    def verify_audit(self) -> tuple[bool, int, str]:
        """Re-compute the hash chain: ``(ok, entries, message)``."""
        prev = "0" * 64
        n = 0
        with self.engine.connect() as conn:
            for r in conn.execute(select(s.audit_log).order_by(s.audit_log.c.seq)).mappings():
                n += 1
                expect = hashlib.sha256(
                    f"{prev}|{r['at']}|{r['actor']}|{r['action']}|{r['object']}|{r['payload']}"
                    .encode()).hexdigest()
                if r["prev_hash"] != prev or r["hash"] != expect:
                    return False, n, f"audit entry {r['seq']} does not match the chain"
                prev = r["hash"]
        return True, n, f"{n} audit entries verified"


def _claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id, "report_id": c.report_id, "source_id": c.source_id,
        "event_type": c.event_type, "target_type": c.target_type, "actor": c.actor,
        "alleged_by": c.alleged_by, "stance": c.stance,
        "start": c.when.start.isoformat() if c.when else None,
        "end": c.when.end.isoformat() if c.when else None,
        "lon": c.place.lon if c.place else None, "lat": c.place.lat if c.place else None,
        "incident_ref": c.incident_ref,
        "data": json.dumps(c.to_dict(), ensure_ascii=False),
    }


def _engine(url: str) -> Engine:
    try:
        # SQLite connections are cheap: a pool as large as the API's thread pool (40) keeps
        # concurrent requests from timing out on a connection (they queue on the file lock).
        options = ({"pool_size": 20, "max_overflow": 30, "pool_timeout": 120}
                   if url.startswith("sqlite:///") else {})
        engine = create_engine(url, future=True, **options)
    except Exception as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def init_workspace(location: str | Path) -> Store:
    """Create (or bring up to date) a workspace folder or database and open it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with init_workspace(d) as store:
    ...         store.counts()["findings"]
    0
    """
    url, folder = _resolve_url(location)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    upgrade(engine)
    return Store(engine, workspace=folder)


def open_store(location: str | Path) -> Store:
    """Open an existing workspace folder (or database URL), migrating it if needed."""
    url, folder = _resolve_url(location)
    if folder is not None and not (folder / DB_FILE).exists():
        raise ConfigError(f"{folder} is not a Truceline workspace (no {DB_FILE}). "
                          f"Create it with `truceline init {folder}`.")
    engine = _engine(url)
    upgrade(engine)
    return Store(engine, workspace=folder)
