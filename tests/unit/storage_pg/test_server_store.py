"""The server store: PostGIS pushdown, bbox filters and concurrent writers on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import select, text

from truceline.domain import Claim, Finding, Incident, Place, Source
from truceline.errors import ConfigError
from truceline.storage import _schema as s
from truceline.storage import init_workspace, open_store
from truceline.storage._postgis import normalise_url, point_in_bbox

POINTS = [(30.5, 50.4), (37.6, 48.9), (36.2, 50.0), (38.0, 47.0)]


def _finding(n: int, lon: float, lat: float) -> Finding:
    return Finding(id=f"f-{n}", incident_id=f"i-{n}", agreement_id="a", clause_id="c",
                   verdict="alleged", tests=(), reasons=(), evidence=(), lon=lon, lat=lat)


def _incidents() -> list[Incident]:
    out = []
    for n, (lon, lat) in enumerate(POINTS):
        c = Claim(report_id=f"r{n}", source_id="src", event_type="drone_strike",
                  place=Place(name=f"p{n}", lon=lon, lat=lat))
        out.append(Incident(id=f"i-{n}", claims=(c,), place=c.place))
    return out


def test_plain_postgresql_urls_use_psycopg3():
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_swapped_bbox_is_refused_with_the_fix():
    with pytest.raises(ConfigError, match="south-west corner first"):
        point_in_bbox(s.incidents, (38.0, 48.0, 35.0, 51.0))


def test_findings_filter_by_bbox(store_url):
    with init_workspace(store_url) as store:
        with store.engine.begin() as conn:  # findings need their incident and agreement rows
            conn.execute(s.agreements.insert().values(id="a", title="A", sha256="0" * 64,
                                                      origin="x", added_at="t", yaml="",
                                                      data="{}"))
        store.upsert_sources([Source(id="src", name="Source")])
        store.replace_incidents([])
        with store.engine.begin() as conn:
            for n, (lon, lat) in enumerate(POINTS):
                conn.execute(s.incidents.insert().values(id=f"i-{n}", event_type="x",
                                                         target_type="y", lon=lon, lat=lat,
                                                         data="{}"))
        store.replace_findings([_finding(n, lon, lat) for n, (lon, lat) in enumerate(POINTS)])
        got = store.findings(bbox=(35.0, 47.0, 38.0, 50.0))
        # (38.0, 47.0) lies on the corner: edges are included on both backends.
        assert sorted(f.id for f in got) == ["f-1", "f-2", "f-3"]


@pytest.mark.postgis
def test_postgis_bbox_filter_uses_the_gist_index(pg_schema_url):
    with init_workspace(pg_schema_url) as store:
        assert store.dialect == "postgresql"
        q = select(s.incidents.c.id).where(point_in_bbox(s.incidents, (35, 48, 38, 51)))
        sql = str(q.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with store.engine.begin() as conn:
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
    assert "ix_incidents_geom" in plan


@pytest.mark.postgis
def test_postgis_incident_bbox_matches_sqlite(pg_schema_url, tmp_path):
    answers = []
    for loc in (pg_schema_url, tmp_path / "ws"):
        with init_workspace(loc) as store:
            store.upsert_sources([Source(id="src", name="Source")])
            incs = _incidents()
            with store.engine.begin() as conn:  # the claims the incidents link to
                for inc in incs:
                    conn.execute(s.reports.insert().values(
                        id=inc.claims[0].report_id, source_id="src", media_type="text/plain",
                        origin="t", received_at="t", content=b"x"))
                    conn.execute(s.claims.insert().values(
                        id=inc.claims[0].id, report_id=inc.claims[0].report_id,
                        source_id="src", event_type="drone_strike", target_type="x",
                        stance="allegation", data="{}"))
            store.replace_incidents(incs)
            answers.append(sorted(i.id for i in store.incidents(bbox=(35.0, 48.0, 38.0, 51.0))))
    assert answers[0] == answers[1] == ["i-1", "i-2"]


_INGEST = textwrap.dedent("""
    import sys
    from truceline import pipeline
    from truceline.storage import open_store
    with open_store(sys.argv[1]) as store:
        s = pipeline.ingest(store, sys.argv[2], mapping="generic", batch_size=25)
    print(s.read, s.stored, s.duplicates)
""")


def _csv(path, rows):  # type: ignore[no-untyped-def]
    lines = ["id,date,event_type,actor,location,lon,lat,evidence"]
    lines += [f"ev-{n},2025-04-{1 + n % 28:02d},drone_strike,RU,place {n},"
              f"{36 + n % 100 / 100:.2f},{48 + n % 50 / 100:.2f},row {n}" for n in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_concurrent_ingests_keep_the_store_consistent(store_url, tmp_path):
    init_workspace(store_url).close()
    a = _csv(tmp_path / "a.csv", range(0, 300))
    b = _csv(tmp_path / "b.csv", range(150, 450))  # 150 rows in common
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    procs = [subprocess.Popen([sys.executable, "-c", _INGEST, store_url, str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for f in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    totals = [tuple(map(int, out.split())) for out, _ in outs]
    assert sum(t[0] for t in totals) == 600
    assert sum(t[1] for t in totals) == 450  # each distinct report stored exactly once
    assert sum(t[2] for t in totals) == 150
    with open_store(store_url) as store:
        counts = store.counts()
        assert (counts["reports"], counts["claims"]) == (450, 450)
        ok, _, message = store.verify_audit()
        assert ok, message
