"""Fixtures of the server-store tests (shared with tests/unit/storage)."""

from tests.unit.storage_pg.fixtures import pg_schema_url, store_url

__all__ = ["pg_schema_url", "store_url"]
