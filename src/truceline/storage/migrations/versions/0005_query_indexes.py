"""Indexes for the API's filtered lists at scale: incidents by start, event type and actor;
findings by incident.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from truceline.storage import _schema

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Indexes added at this revision (declared in ``_schema`` after the tables). A fresh
# database already has them (revision 0001 creates the tables with every declared index),
# hence ``checkfirst``.
INDEXES = ("ix_incidents_start", "ix_incidents_event_type", "ix_incidents_actor",
           "ix_findings_incident")


def _indexes() -> list[object]:
    found = {ix.name: ix for t in _schema.metadata.tables.values() for ix in t.indexes}
    return [found[name] for name in INDEXES]


def upgrade() -> None:
    bind = op.get_bind()
    for ix in _indexes():
        ix.create(bind, checkfirst=True)  # type: ignore[attr-defined]


def downgrade() -> None:
    bind = op.get_bind()
    for ix in reversed(_indexes()):
        ix.drop(bind, checkfirst=True)  # type: ignore[attr-defined]
