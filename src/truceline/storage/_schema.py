"""The one schema, in SQLAlchemy Core, for SQLite and PostgreSQL alike.

Migrations in ``migrations/versions`` create exactly this; a test compares them.
Geometry is kept as lon/lat columns plus WKB (EPSG:4326, lon/lat order); bounding-box
queries use SQLite's R*Tree (``incident_rtree``) on the embedded store.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sources = Table(
    "sources", metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("party", String),
    Column("grade", String(1), nullable=False),
)

reports = Table(
    "reports", metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of content
    Column("source_id", String, ForeignKey("sources.id"), nullable=False),
    Column("media_type", String, nullable=False),
    Column("origin", Text, nullable=False),
    Column("received_at", String, nullable=False),
    Column("published_at", String),
    Column("language", String),
    Column("title", Text, nullable=False, default=""),
    Column("content", LargeBinary, nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("id", String, primary_key=True),
    Column("report_id", String(64), ForeignKey("reports.id"), nullable=False),
    Column("source_id", String, nullable=False),
    Column("event_type", String, nullable=False),
    Column("target_type", String, nullable=False),
    Column("actor", String),
    Column("alleged_by", String),
    Column("stance", String, nullable=False),
    Column("start", String),
    Column("end", String),
    Column("lon", Float),
    Column("lat", Float),
    Column("incident_ref", String),
    Column("data", Text, nullable=False),
    Index("ix_claims_report", "report_id"),
    Index("ix_claims_incident_ref", "incident_ref"),
)

ingests = Table(
    "ingests", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("mapping", String, nullable=False),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("last_row", Integer, nullable=False, default=0),
    Column("read", Integer, nullable=False, default=0),
    Column("stored", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("status", String, nullable=False),
    Index("ix_ingests_sha", "sha256", "mapping"),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_sha256", String(64), nullable=False),
    Column("file", Text, nullable=False),
    Column("row", Integer, nullable=False),
    Column("field", String),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("ingest_id", Integer, nullable=False),
    UniqueConstraint("file_sha256", "row", name="uq_quarantine_file_row"),
)

agreements = Table(
    "agreements", metadata,
    Column("id", String, primary_key=True),
    Column("title", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("origin", Text, nullable=False),
    Column("added_at", String, nullable=False),
    Column("yaml", Text, nullable=False),
    Column("data", Text, nullable=False),
)

agreement_zones = Table(
    "agreement_zones", metadata,
    Column("agreement_id", String, ForeignKey("agreements.id"), primary_key=True),
    Column("zone_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("description", Text, nullable=False, default=""),
    Column("wkb", LargeBinary, nullable=False),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String, primary_key=True),
    Column("event_type", String, nullable=False),
    Column("target_type", String, nullable=False),
    Column("actor", String),
    Column("start", String),
    Column("end", String),
    Column("lon", Float),
    Column("lat", Float),
    Column("data", Text, nullable=False),
)

incident_claims = Table(
    "incident_claims", metadata,
    Column("incident_id", String, ForeignKey("incidents.id"), primary_key=True),
    Column("claim_id", String, ForeignKey("claims.id"), primary_key=True),
    Index("ix_incident_claims_claim", "claim_id"),
)

findings = Table(
    "findings", metadata,
    Column("id", String, primary_key=True),
    Column("incident_id", String, ForeignKey("incidents.id"), nullable=False),
    Column("agreement_id", String, ForeignKey("agreements.id"), nullable=False),
    Column("clause_id", String, nullable=False),
    Column("verdict", String, nullable=False),
    Column("status", String, nullable=False),
    Column("accused", String),
    Column("start", String),
    Column("end", String),
    Column("lon", Float),
    Column("lat", Float),
    Column("data", Text, nullable=False),
    Index("ix_findings_agreement_verdict", "agreement_id", "verdict"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("action", String, nullable=False),
    Column("object", String, nullable=False),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# -- revision 0002: people, evidence files, review and replies -------------------------------

users = Table(
    "users", metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String, nullable=False),  # admin | analyst | monitor | liaison | public
    Column("party", String),  # the party a liaison speaks for
    Column("created_at", String, nullable=False),
    Column("disabled_at", String),
)

tokens = Table(
    "tokens", metadata,
    Column("id", String, primary_key=True),
    Column("user_id", String, ForeignKey("users.id"), nullable=False),
    Column("hash", Text, nullable=False),  # argon2 hash; the token itself is never stored
    Column("created_at", String, nullable=False),
    Column("revoked_at", String),
    Column("last_used_at", String),
    Index("ix_tokens_user", "user_id"),
)

evidence_files = Table(
    "evidence_files", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("filename", Text, nullable=False),
    Column("media_type", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("stored_at", String, nullable=False),
    Column("uploaded_by", String),
    Column("report_id", String(64)),
)

finding_events = Table(
    "finding_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("finding_id", String, ForeignKey("findings.id"), nullable=False),
    Column("kind", String, nullable=False),  # review | reply
    Column("actor", String, nullable=False),
    Column("party", String),
    Column("at", String, nullable=False),
    Column("from_status", String),
    Column("to_status", String),
    Column("text", Text, nullable=False),
    Index("ix_finding_events_finding", "finding_id"),
)

# -- revision 0004: aggregate claims (counts without one place) -------------------------------

aggregate_claims = Table(
    "aggregate_claims", metadata,
    Column("id", String, primary_key=True),
    Column("report_id", String(64), ForeignKey("reports.id"), nullable=False),
    Column("alleged_by", String),
    Column("actor", String),
    Column("count", Integer),
    Column("period_start", String),
    Column("period_end", String),
    Column("data", Text, nullable=False),
    Index("ix_aggregate_claims_report", "report_id"),
)

# -- revision 0005: indexes for the API's filtered lists at scale ------------------------------
# Trailing columns let SQLite test a time window (and a map box) inside the index, fetching
# only matching rows; findings by incident carry the status the visibility test reads.

Index("ix_incidents_start", incidents.c.start, incidents.c.end, incidents.c.lon,
      incidents.c.lat)
Index("ix_incidents_event_type", incidents.c.event_type, incidents.c.start, incidents.c.end)
Index("ix_incidents_actor", incidents.c.actor, incidents.c.start, incidents.c.end)
Index("ix_findings_incident", findings.c.incident_id, findings.c.status)
