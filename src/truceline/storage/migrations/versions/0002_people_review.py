"""People (users, tokens), evidence files, finding review and party replies; on PostgreSQL,
PostGIS and GiST indexes on incident and finding points.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

from truceline.storage import _schema

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("users", "tokens", "evidence_files", "finding_events")


def upgrade() -> None:
    bind = op.get_bind()
    _schema.metadata.create_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        for table in ("incidents", "findings"):
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_geom ON {table} USING GIST "
                       f"((ST_SetSRID(ST_MakePoint(lon, lat), 4326)))")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("incidents", "findings"):
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_geom")
    _schema.metadata.drop_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])
