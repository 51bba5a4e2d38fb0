"""Dialect helpers for the server store (PostgreSQL + PostGIS) and its SQLite twin.

The store keeps geometry as ``lon``/``lat`` columns; on PostgreSQL a GiST index on the
expression ``ST_SetSRID(ST_MakePoint(lon, lat), 4326)`` (migration 0002) answers spatial
filters, so every PostGIS filter here is written on *exactly* that expression, or the
planner cannot use the index.

- :func:`normalise_url` picks the psycopg 3 driver for ``postgresql://`` URLs;
- :func:`point_in_bbox` is the bounding-box filter pushed down to PostGIS;
- :func:`insert_ignore` is ``INSERT … ON CONFLICT DO NOTHING`` on both dialects, the way
  two concurrent ingests add the same report without either failing;
- :func:`lock_audit_chain` serialises appends to the audit hash chain on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.elements import ColumnElement

__all__ = ["insert_ignore", "lock_audit_chain", "normalise_url", "point_in_bbox"]

_AUDIT_LOCK_KEY = 0x7472_7563  # "truc": one advisory lock for the audit chain

BBox = tuple[float, float, float, float]


def normalise_url(url: str) -> str:
    """Use psycopg 3 for a plain ``postgresql://`` or ``postgres://`` URL.

    Examples
    --------
    >>> normalise_url("postgresql://u@127.0.0.1/db")
    'postgresql+psycopg://u@127.0.0.1/db'
    >>> normalise_url("sqlite:///x.db")
    'sqlite:///x.db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def check_bbox(bbox: BBox) -> BBox:
    """Refuse a box whose corners are swapped or outside lon/lat range."""
    x0, y0, x1, y1 = (float(v) for v in bbox)
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        from truceline.errors import ConfigError

        raise ConfigError(f"bounding box {bbox!r} is not (min_lon, min_lat, max_lon, max_lat) "
                          "in degrees; give the south-west corner first, e.g. "
                          "(35.0, 47.0, 39.0, 49.0)")
    return x0, y0, x1, y1


def point_in_bbox(table: Table, bbox: BBox) -> ColumnElement[bool]:
    """PostGIS filter: the row's point lies in the box (edges included).

    Written on the indexed expression, so the GiST index of migration 0002 is used.
    """
    x0, y0, x1, y1 = check_bbox(bbox)
    name = table.name
    return text(
        f"ST_Intersects(ST_SetSRID(ST_MakePoint({name}.lon, {name}.lat), 4326), "
        "ST_MakeEnvelope(:bx0, :by0, :bx1, :by1, 4326))"
    ).bindparams(bx0=x0, by0=y0, bx1=x1, by1=y1)  # type: ignore[return-value]


def insert_ignore(table: Table, dialect: str) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for ``table`` on ``sqlite`` or ``postgresql``.

    The statement returns the primary key of a row it added, so ``.first()`` of its result
    is ``None`` exactly when the row was already there (``rowcount`` is not reliable with
    every driver).
    """
    if dialect == "postgresql":
        return pg.insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing().returning(
            *table.primary_key.columns)
    from truceline.errors import ConfigError

    raise ConfigError(f"database dialect {dialect!r} is not supported; use a workspace folder "
                      "(SQLite) or a postgresql:// URL")


def lock_audit_chain(conn: Any) -> None:
    """Hold the audit-chain lock until the transaction ends (PostgreSQL only).

    Two writers appending at once would otherwise both read the same last hash and fork
    the chain. On SQLite a no-op write takes the database's single writer lock now, before
    the last hash is read, rather than at the first insert.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _AUDIT_LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        conn.execute(text("UPDATE audit_log SET seq = seq WHERE 0"))
