"""Aggregate claims in the store: added with their report, read back as domain values."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import insert, select

from truceline.domain import AggregateClaim, stable_id
from truceline.storage import _schema as s
from truceline.storage._store import Store


def aggregate_id(a: AggregateClaim, index: int) -> str:
    """Stable id of the ``index``-th aggregate claim of a report."""
    return stable_id("a", a.report_id, index)


def add_aggregates(store: Store, aggregates: Sequence[AggregateClaim]) -> int:
    """Store aggregate claims whose report is stored; ones already there add nothing."""
    added = 0
    with store.engine.begin() as conn:
        for n, a in enumerate(aggregates):
            key = aggregate_id(a, n)
            if conn.execute(select(s.aggregate_claims.c.id).where(
                    s.aggregate_claims.c.id == key)).first():
                continue
            conn.execute(insert(s.aggregate_claims).values(
                id=key, report_id=a.report_id, alleged_by=a.alleged_by, actor=a.actor,
                count=a.count,
                period_start=a.period_start.isoformat() if a.period_start else None,
                period_end=a.period_end.isoformat() if a.period_end else None,
                data=json.dumps(a.to_dict(), ensure_ascii=False)))
            added += 1
    return added


def aggregates(store: Store) -> list[AggregateClaim]:
    """Every stored aggregate claim."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.aggregate_claims.c.data).order_by(
            s.aggregate_claims.c.id)).all()
    return [AggregateClaim.from_dict(json.loads(d)) for (d,) in rows]
