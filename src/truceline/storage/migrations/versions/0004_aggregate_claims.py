"""Aggregate claims: counts without one place, kept beside incidents.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from truceline.storage import _schema

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("aggregate_claims",)


def upgrade() -> None:
    _schema.metadata.create_all(op.get_bind(),
                                tables=[_schema.metadata.tables[t] for t in TABLES])


def downgrade() -> None:
    _schema.metadata.drop_all(op.get_bind(),
                              tables=[_schema.metadata.tables[t] for t in TABLES])
