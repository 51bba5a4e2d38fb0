"""Analysts' fusion decisions (split / merge with a reason).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

from truceline.storage import _schema, _schema_fusion  # noqa: F401  (registers the table)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("fusion_decisions",)


def upgrade() -> None:
    bind = op.get_bind()
    _schema.metadata.create_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])


def downgrade() -> None:
    bind = op.get_bind()
    _schema.metadata.drop_all(bind, tables=[_schema.metadata.tables[t] for t in TABLES])
