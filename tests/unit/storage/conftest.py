"""Store tests run on both backends: the ``store_url`` fixture is SQLite, then PostgreSQL."""

from tests.unit.storage_pg.fixtures import pg_schema_url, store_url

__all__ = ["pg_schema_url", "store_url"]
