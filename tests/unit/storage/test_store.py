"""The store on both backends (SQLite and PostgreSQL + PostGIS, via ``store_url``): migrations,
dedupe, resumable ingest runs, audit chain, bounding boxes; WAL on SQLite."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from truceline.domain import Claim, Incident, Place, Report, Source
from truceline.errors import ConfigError, NotFoundError
from truceline.storage import DB_FILE, QuarantineRow, init_workspace, open_store
from truceline.storage._schema import metadata

NOW = datetime(2025, 4, 20, tzinfo=UTC)


def report(n: int) -> Report:
    return Report(content=f'{{"row": {n}}}'.encode(), source_id="src", media_type="text/csv",
                  origin=f"f.csv:{n}", received_at=NOW)


@pytest.fixture
def store(store_url):
    s = init_workspace(store_url)
    s.upsert_sources([Source(id="src", name="Source")])
    yield s
    s.close()


def test_migrated_schema_equals_the_declared_one(store):
    with store.engine.connect() as conn:
        # The R*Tree virtual table (and its shadow tables) are SQLite-only, outside the schema;
        # so are PostGIS's own table and the GiST expression indexes on PostgreSQL.
        ctx = MigrationContext.configure(conn, opts={
            "include_name": lambda name, kind, _p: not (
                (kind == "table" and name
                 and (name.startswith("incident_rtree") or name == "spatial_ref_sys"))
                or (kind == "index" and name and name.endswith("_geom")))})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = init_workspace(tmp_path / "ws")
    store.close()
    con = sqlite3.connect(store.workspace / DB_FILE)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_open_refuses_a_folder_that_is_not_a_workspace(tmp_path):
    with pytest.raises(ConfigError, match="truceline init"):
        open_store(tmp_path / "nothing")


def test_reports_are_verbatim_and_deduplicated_by_sha256(store):
    run = store.start_ingest("f.csv", "ab" * 32, "generic")
    recs = [(report(1), [Claim(report_id=report(1).id, source_id="src",
                               event_type="drone_strike")]), (report(2), [])]
    assert store.commit_batch(run.id, last_row=2, records=recs, quarantined=[],
                              file_sha256="ab" * 32, read=2) == (2, 0)
    assert store.commit_batch(run.id, last_row=4, records=recs, quarantined=[],
                              file_sha256="ab" * 32, read=2) == (0, 2)
    back = store.report(report(1).id)
    assert back.content == report(1).content and back.sha256 == report(1).id
    assert store.counts()["claims"] == 1
    done = store.finish_ingest(run.id)
    assert (done.read, done.stored, done.duplicates, done.status) == (4, 2, 2, "done")


def test_an_unfinished_run_is_resumed_and_a_finished_one_is_not(store):
    run = store.start_ingest("f.csv", "cd" * 32, "generic")
    store.commit_batch(run.id, last_row=7, records=[(report(3), [])], quarantined=[],
                       file_sha256="cd" * 32, read=7)
    again = store.start_ingest("f.csv", "cd" * 32, "generic")
    assert again.id == run.id and again.last_row == 7
    store.finish_ingest(run.id)
    fresh = store.start_ingest("f.csv", "cd" * 32, "generic")
    assert fresh.id != run.id and fresh.last_row == 0


def test_quarantine_keeps_reasons_once_per_row(store):
    run = store.start_ingest("f.csv", "ef" * 32, "generic")
    q = [QuarantineRow(file="f.csv", row=5, field="lat", reason="lat 95 out of range", raw="x")]
    for _ in range(2):
        store.commit_batch(run.id, last_row=5, records=[], quarantined=q, file_sha256="ef" * 32,
                           read=1)
    rows = store.quarantined(file_sha256="ef" * 32)
    assert [(r.row, r.field, r.reason) for r in rows] == [(5, "lat", "lat 95 out of range")]


def test_audit_chain_detects_an_altered_entry(store):
    store.replace_findings([])
    store.replace_findings([])
    ok, n, _ = store.verify_audit()
    assert ok and n == 2
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET payload = '{\"count\": 99}' WHERE seq = 1"))
    ok, _, message = store.verify_audit()
    assert not ok and "entry 1" in message


def test_bbox_query_keeps_the_points_inside(store):
    run = store.start_ingest("f.csv", "01" * 32, "generic")
    incs = []
    for n, (lon, lat) in enumerate([(30.5, 50.4), (37.6, 48.9), (36.2, 50.0)]):
        r = report(10 + n)
        c = Claim(report_id=r.id, source_id="src", event_type="drone_strike",
                  place=Place(name=f"p{n}", lon=lon, lat=lat))
        store.commit_batch(run.id, last_row=n + 1, records=[(r, [c])], quarantined=[],
                           file_sha256="01" * 32, read=1)
        incs.append(Incident(id=f"i-{n}", claims=(c,), place=c.place))
    store.replace_incidents(incs)
    got = store.incidents(bbox=(35.0, 48.0, 38.0, 51.0))
    assert sorted(i.id for i in got) == ["i-1", "i-2"]


def test_missing_finding_says_how_to_list(store):
    with pytest.raises(NotFoundError, match="truceline findings"):
        store.finding("f-nope")
