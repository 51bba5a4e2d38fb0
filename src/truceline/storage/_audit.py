"""Anchors for the audit log: a hash chain proves what is in it, not what was cut off its
end. Publishing the head (sequence number and hash) somewhere else — a daily report, a
signed message — lets anyone later check that the log still reaches that entry."""

from __future__ import annotations

from sqlalchemy import select

from truceline.storage import _schema as s
from truceline.storage._store import Store


def audit_head(store: Store) -> tuple[int, str]:
    """``(seq, hash)`` of the newest audit entry (``(0, "0"*64)`` for an empty log)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(s.audit_log.c.seq, s.audit_log.c.hash)
                           .order_by(s.audit_log.c.seq.desc()).limit(1)).first()
    return (int(row[0]), str(row[1])) if row else (0, "0" * 64)


def verify_anchor(store: Store, seq: int, digest: str) -> tuple[bool, str]:
    """Check that the (chain-verified) log still holds entry ``seq`` with hash ``digest``."""
    ok, n, message = store.verify_audit()
    if not ok:
        return False, message
    if seq == 0:
        return True, f"{n} audit entries verified; the anchor is the empty log"
    with store.engine.connect() as conn:
        row = conn.execute(select(s.audit_log.c.hash).where(s.audit_log.c.seq == seq)).first()
    if row is None:
        return False, (f"the log ends at {n} entries but the anchor names entry {seq}: "
                       "entries were removed from its end")
    if row[0] != digest:
        return False, f"entry {seq} does not carry the anchored hash: the log was rewritten"
    return True, f"{n} audit entries verified; anchor entry {seq} is present"
