"""The ``store_url`` fixture: every store test runs on SQLite and on PostgreSQL + PostGIS.

The PostgreSQL server comes from ``TRUCELINE_TEST_PG_URL`` (``scripts/ci-postgres.sh`` prints
it), defaulting to the cluster that script starts on ``127.0.0.1:54329``. Each test gets a
schema of its own (``search_path`` set in the URL), dropped afterwards, so tests never see
each other's rows. No reachable server: the PostgreSQL half is skipped locally and fails
under ``CI=true``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

PG_ENV = "TRUCELINE_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:54329/truceline"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgis)]


@cache
def _server() -> tuple[str | None, str]:
    """``(url, "")`` when the server answers and has PostGIS, else ``(None, why)``."""
    url = os.environ.get(PG_ENV, DEFAULT_PG_URL)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        engine.dispose()
    except (OperationalError, ModuleNotFoundError) as exc:
        return None, f"no PostgreSQL + PostGIS at {url} ({str(exc).splitlines()[0]})"
    return url, ""


def pg_url_or_skip() -> str:
    """The server URL, or skip (locally) / fail (under CI) when there is none."""
    url, why = _server()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must start one with scripts/ci-postgres.sh")
        pytest.skip(f"{why}; start one with `eval \"$(scripts/ci-postgres.sh)\"`")
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``search_path`` set to ``schema`` then ``public`` (where PostGIS lives)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema},public"


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A fresh, empty schema on the test server; dropped after the test."""
    base = pg_url_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield with_schema(base, schema)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A workspace folder (SQLite) or an empty PostgreSQL schema's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "ws")
    return request.getfixturevalue("pg_schema_url")
