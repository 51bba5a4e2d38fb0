"""Initial schema: sources, reports, claims, ingests, quarantine, agreements, incidents,
findings, audit log; the R*Tree bounding-box index on SQLite.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from truceline.storage import _schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The tables as they were at revision 0001. Any later change to ``_schema`` must come as a
# new migration; tests/unit/storage/test_migrations.py fails if the migrated schema and
# ``_schema.metadata`` differ.
TABLES = (
    "sources", "reports", "claims", "ingests", "quarantine", "agreements", "agreement_zones",
    "incidents", "incident_claims", "findings", "audit_log",
)


def upgrade() -> None:
    bind = op.get_bind()
    _schema.metadata.create_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE incident_rtree USING rtree("
                   "id, min_lon, max_lon, min_lat, max_lat)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS incident_rtree")
    _schema.metadata.drop_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])
