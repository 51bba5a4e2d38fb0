"""Persistence: domain values in, domain values out. SQLite by default, any SQLAlchemy URL."""

from truceline.storage._store import (
    DB_FILE,
    IngestRun,
    QuarantineRow,
    Store,
    init_workspace,
    open_store,
)

__all__ = ["DB_FILE", "IngestRun", "QuarantineRow", "Store", "init_workspace", "open_store"]
