"""Review workflow and right of reply, over a Store.

A finding moves ``draft → under_review → published`` (or ``dismissed``) by an analyst's
decision with a reason; a party liaison's reply is recorded with time and author. Nothing is
edited in place: every decision and reply is a new ``finding_events`` row and a new entry in
the hash-chained audit log, written in the same transaction as the finding's current status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from truceline.errors import ConfigError, NotFoundError
from truceline.storage import _schema as s
from truceline.storage._store import Store

STATUSES = ("draft", "under_review", "published", "dismissed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("under_review", "dismissed"),
    "under_review": ("published", "dismissed", "draft"),
    "published": ("under_review",),
    "dismissed": ("under_review",),
}


@dataclass(frozen=True, kw_only=True)
class FindingEvent:
    """One review decision or party reply."""

    id: int
    finding_id: str
    kind: str
    actor: str
    party: str | None
    at: str
    from_status: str | None
    to_status: str | None
    text: str

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return dict(self.__dict__)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _status(conn, finding_id: str) -> str:  # type: ignore[no-untyped-def]
    row = conn.execute(select(s.findings.c.status).where(s.findings.c.id == finding_id)).first()
    if row is None:
        raise NotFoundError(f"no finding {finding_id!r}; list them with `truceline findings`")
    return str(row[0])


def set_status(store: Store, finding_id: str, *, to_status: str, actor: str,
               reason: str) -> FindingEvent:
    """Move a finding to ``to_status`` with a reason; refuses transitions not allowed."""
    if to_status not in STATUSES:
        raise ConfigError(f"unknown status {to_status!r}; choose one of {', '.join(STATUSES)}")
    if not reason.strip():
        raise ConfigError("a review decision needs a reason (--reason TEXT)")
    with store.engine.begin() as conn:
        current = _status(conn, finding_id)
        if to_status not in TRANSITIONS[current]:
            allowed = ", ".join(TRANSITIONS[current])
            raise ConfigError(f"finding {finding_id} is {current}; it can move to {allowed}, "
                              f"not {to_status}")
        at = _now()
        new_id = conn.execute(insert(s.finding_events).values(
            finding_id=finding_id, kind="review", actor=actor, party=None, at=at,
            from_status=current, to_status=to_status, text=reason)).inserted_primary_key[0]
        data = json.loads(conn.execute(select(s.findings.c.data).where(
            s.findings.c.id == finding_id)).scalar_one())
        data["status"] = to_status
        conn.execute(update(s.findings).where(s.findings.c.id == finding_id).values(
            status=to_status, data=json.dumps(data, ensure_ascii=False)))
        store._audit(conn, actor, "finding.review", finding_id,
                     {"from": current, "to": to_status, "reason": reason})
    return FindingEvent(id=new_id, finding_id=finding_id, kind="review", actor=actor,
                        party=None, at=at, from_status=current, to_status=to_status, text=reason)


def add_reply(store: Store, finding_id: str, *, actor: str, party: str, text: str
              ) -> FindingEvent:
    """Record a party's reply to a finding (right of reply)."""
    if not text.strip():
        raise ConfigError("a reply needs text")
    with store.engine.begin() as conn:
        status = _status(conn, finding_id)
        at = _now()
        new_id = conn.execute(insert(s.finding_events).values(
            finding_id=finding_id, kind="reply", actor=actor, party=party, at=at,
            from_status=status, to_status=status, text=text)).inserted_primary_key[0]
        store._audit(conn, actor, "finding.reply", finding_id, {"party": party, "text": text})
    return FindingEvent(id=new_id, finding_id=finding_id, kind="reply", actor=actor,
                        party=party, at=at, from_status=status, to_status=status, text=text)


def finding_events(store: Store, finding_id: str) -> list[FindingEvent]:
    """Every decision and reply on a finding, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.finding_events).where(
            s.finding_events.c.finding_id == finding_id).order_by(s.finding_events.c.id)
        ).mappings().all()
    return [FindingEvent(**dict(r)) for r in rows]
