"""``truceline backup``/``restore``: a round trip compares every table (and evidence file)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from truceline.backup import backup, restore, table_snapshot
from truceline.cli import cli
from truceline.domain import Source
from truceline.errors import ConfigError, StorageError
from truceline.storage import _people as people
from truceline.storage import open_store


def _world(ws: Path) -> None:
    from tests.unit.api._fixture import build

    build(ws)
    with open_store(ws) as store:
        people.submit_field_report(
            store, text="Burnt transformer, photo attached.", uploaded_by="mo",
            source=Source(id="monitor-mo", name="Field monitor mo", kind="monitor"),
            files=[("transformer.jpg", "image/jpeg", os.urandom(50_000))])


def _writer(ws: str) -> None:
    """Keep submitting field reports (each in its own transaction) until killed."""
    with open_store(ws) as store:
        src = Source(id="monitor-w", name="Writer", kind="monitor")
        n = 0
        while True:
            n += 1
            people.submit_field_report(store, text=f"report {n}", source=src, uploaded_by="w",
                                       files=[(f"f{n}.txt", "text/plain", f"file {n}".encode())])


def test_sqlite_round_trip_while_a_writer_runs(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _world(ws)
    writer = multiprocessing.get_context("fork").Process(target=_writer, args=(str(ws),))
    writer.start()
    try:
        import time

        time.sleep(0.5)
        out = tmp_path / "backup.tar.gz"
        r = CliRunner().invoke(cli, ["backup", str(out), "-w", str(ws)])
        assert r.exit_code == 0, r.output
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
    with tarfile.open(out) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "truceline.db" in names
    assert any(n.startswith("evidence/") for n in names)
    r = CliRunner().invoke(cli, ["restore", str(out), "-w", str(tmp_path / "restored")])
    assert r.exit_code == 0, r.output
    with open_store(tmp_path / "restored") as restored:
        got = table_snapshot(restored)
        assert restored.verify_audit()[0]
        from truceline.backup import verify_evidence

        assert verify_evidence(restored) == []  # every file the snapshot names is there
        n_reports = len(got["reports"])
    # The copy is a consistent snapshot: every report has its files and audit entry.
    submitted = [r for r in got["audit_log"] if r[3] == "report.submit"]
    assert len(submitted) == n_reports - 4  # the fixture's 4 ingested reports have none
    assert len(got["evidence_files"]) == n_reports - 4
    assert n_reports > 5, "the writer was running during the backup"


def test_sqlite_round_trip_equals_source(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _world(ws)
    out = tmp_path / "b.tar.gz"
    summary = backup(ws, out)
    assert summary.evidence_files == 1
    restore(out, tmp_path / "restored")
    with open_store(ws) as a, open_store(tmp_path / "restored") as b:
        assert table_snapshot(a) == table_snapshot(b)
        for f in people.evidence_files(a):
            assert (people.evidence_path(a, f.sha256).read_bytes()
                    == people.evidence_path(b, f.sha256).read_bytes())
    with pytest.raises(ConfigError, match="already holds a store"):
        restore(out, tmp_path / "restored")
    with pytest.raises(ConfigError, match="already exists"):
        backup(ws, out)


def test_restore_refuses_damaged_or_foreign_archives(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _world(ws)
    out = tmp_path / "b.tar.gz"
    backup(ws, out)
    raw = bytearray(out.read_bytes())
    not_tar = tmp_path / "junk.tar.gz"
    not_tar.write_bytes(b"not a tar at all")
    with pytest.raises(ConfigError, match="not a Truceline backup"):
        restore(not_tar, tmp_path / "r1")
    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        import io
        import json

        data = json.dumps({"format": "truceline.backup.v1", "members":
                           {"../../escape.txt": "0" * 64}, "audit_head": ""}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ConfigError, match="refusing member path"):
        restore(evil, tmp_path / "r2")
    assert not (tmp_path / "escape.txt").exists()
    # flip bytes inside the compressed db member: the hash check (or gzip) refuses it
    raw[len(raw) // 2] ^= 0xFF
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(bytes(raw))
    with pytest.raises((StorageError, ConfigError)):
        try:
            restore(broken, tmp_path / "r3")
        except (OSError, EOFError, tarfile.TarError, __import__("zlib").error) as exc:
            pytest.fail(f"a damaged archive raised a foreign error: {exc!r}")


@pytest.mark.postgis
def test_postgresql_round_trip(tmp_path: Path) -> None:
    import shutil
    import uuid

    from tests.unit.storage_pg.fixtures import pg_url_or_skip, with_schema

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if os.environ.get("CI"):
            pytest.fail("pg_dump/pg_restore are missing on CI")
        pytest.skip("pg_dump/pg_restore not installed")
    base = pg_url_or_skip()
    schema, target_db = f"t_{uuid.uuid4().hex[:12]}", f"restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
        conn.execute(text(f"CREATE DATABASE {target_db}"))
    target_base = base.rsplit("/", 1)[0] + f"/{target_db}"
    try:
        url = with_schema(base, schema)
        from tests.reliability._workload import AGREEMENTS

        from truceline import pipeline
        from truceline.demo import examples_dir
        from truceline.storage import init_workspace

        with init_workspace(url) as store:
            pipeline.add_agreement(store, examples_dir() / AGREEMENTS[0])
            people.add_user(store, "pg-admin", role="admin")
            store.upsert_sources([Source(id="pg-src", name="PG source", kind="monitor")])
            people.set_confidential(store, "pg-src")
            before = table_snapshot(store)
        out = tmp_path / "pg.dump"
        r = CliRunner().invoke(cli, ["backup", str(out), "-w", url])
        assert r.exit_code == 0, r.output
        eng = create_engine(target_base, isolation_level="AUTOCOMMIT")
        with eng.connect() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        eng.dispose()
        r = CliRunner().invoke(cli, ["restore", str(out), "-w", with_schema(target_base,
                                                                            schema)])
        assert r.exit_code == 0, r.output
        with open_store(with_schema(target_base, schema)) as restored:
            assert table_snapshot(restored) == before
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            conn.execute(text(f"DROP DATABASE IF EXISTS {target_db} WITH (FORCE)"))
        admin.dispose()
