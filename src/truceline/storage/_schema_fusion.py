"""The ``fusion_decisions`` table: analysts' splits and merges of incidents.

Registered on the one :data:`truceline.storage._schema.metadata`; created by migration 0003.
Rows are never edited: a later decision overrides an earlier one it contradicts.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from truceline.storage._schema import metadata

fusion_decisions = Table(
    "fusion_decisions", metadata,
    Column("id", String, primary_key=True),
    Column("kind", String, nullable=False),          # split | merge
    Column("claim_ids", Text, nullable=False),      # JSON list
    Column("other_ids", Text, nullable=False),      # JSON list (split: the other side)
    Column("reason", Text, nullable=False),
    Column("analyst", String, nullable=False),
    Column("at", String, nullable=False),           # ISO time, UTC
    Index("ix_fusion_decisions_at", "at"),
)
