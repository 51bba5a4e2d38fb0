"""Analysts' fusion decisions over a Store: record a split or merge, list them in order.

Decisions are plain dicts with the keys of :class:`truceline.fusion.Decision` (storage
imports no stage); every decision is also an entry in the hash-chained audit log, written
in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert, select

from truceline.errors import ConfigError
from truceline.storage._schema_fusion import fusion_decisions as _table
from truceline.storage._store import Store

KINDS = ("split", "merge")


def record_fusion_decision(store: Store, *, kind: str, claim_ids: Sequence[str],
                           reason: str, analyst: str, other_ids: Sequence[str] = (),
                           at: str | None = None) -> dict[str, object]:
    """Store one split or merge (with its reason and author) and return it as a dict."""
    if kind not in KINDS:
        raise ConfigError(f"decision kind {kind!r} is not one of {', '.join(KINDS)}")
    if not reason.strip():
        raise ConfigError("a split or merge needs a reason: pass --reason \"…\"")
    if not claim_ids or (kind == "split" and not other_ids):
        raise ConfigError(f"a {kind} needs claims{' on both sides' if kind == 'split' else ''}")
    at = at or datetime.now(UTC).isoformat()
    raw = json.dumps([kind, sorted(claim_ids), sorted(other_ids), at]).encode()
    row = {"id": "d-" + hashlib.sha256(raw).hexdigest()[:20], "kind": kind,
           "claim_ids": json.dumps(sorted(claim_ids)),
           "other_ids": json.dumps(sorted(other_ids)), "reason": reason.strip(),
           "analyst": analyst, "at": at}
    with store.engine.begin() as conn:
        conn.execute(insert(_table).values(**row))
        store._audit(conn, analyst, f"fusion.{kind}", str(row["id"]),
                     {"reason": row["reason"], "claims": sorted(claim_ids),
                      "other": sorted(other_ids)})
    return _as_dict(row)


def _as_dict(row: dict[str, object]) -> dict[str, object]:
    out = dict(row)
    out["claim_ids"] = json.loads(str(row["claim_ids"]))
    out["other_ids"] = json.loads(str(row["other_ids"]))
    return out


def fusion_decisions(store: Store) -> list[dict[str, object]]:
    """Every recorded decision, oldest first (feed them to ``Decision.from_dict``)."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(_table).order_by(_table.c.at, _table.c.id)).mappings()
        return [_as_dict(dict(r)) for r in rows]


def prune_incidents(store: Store, keep: Sequence[str] | set[str]) -> int:
    """Delete stored incidents (with their claim links and unreviewed findings) whose id is
    not in ``keep``: after a merge, the incidents merged away. An incident whose findings
    carry review decisions or replies is kept, so that history is never lost. Returns how
    many were deleted."""
    from sqlalchemy import delete, text

    from truceline.storage import _schema as s

    keep_set = set(keep)
    with store.engine.begin() as conn:
        stale = [r[0] for r in conn.execute(select(s.incidents.c.id))
                 if r[0] not in keep_set]
        reviewed = {r[0] for r in conn.execute(
            select(s.findings.c.incident_id).join(
                s.finding_events, s.finding_events.c.finding_id == s.findings.c.id))}
        stale = [i for i in stale if i not in reviewed]
        for i in range(0, len(stale), 500):
            chunk = stale[i:i + 500]
            if store.dialect == "sqlite":
                conn.execute(text("DELETE FROM incident_rtree WHERE id IN (SELECT rowid FROM "
                                  "incidents WHERE id IN (" + ",".join(
                                      f":i{n}" for n in range(len(chunk))) + "))"),
                             {f"i{n}": v for n, v in enumerate(chunk)})
            conn.execute(delete(s.findings).where(s.findings.c.incident_id.in_(chunk)))
            conn.execute(delete(s.incident_claims).where(
                s.incident_claims.c.incident_id.in_(chunk)))
            conn.execute(delete(s.incidents).where(s.incidents.c.id.in_(chunk)))
    return len(stale)
