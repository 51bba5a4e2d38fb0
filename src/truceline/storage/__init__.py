"""Persistence: domain values in, domain values out. SQLite by default, any SQLAlchemy URL."""

from truceline.storage._review import (
    STATUSES,
    FindingEvent,
    add_reply,
    finding_events,
    set_status,
)
from truceline.storage._store import (
    DB_FILE,
    IngestRun,
    QuarantineRow,
    Store,
    init_workspace,
    open_store,
)

__all__ = [
    "DB_FILE",
    "STATUSES",
    "FindingEvent",
    "IngestRun",
    "QuarantineRow",
    "Store",
    "add_reply",
    "finding_events",
    "init_workspace",
    "open_store",
    "set_status",
]
