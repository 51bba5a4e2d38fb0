"""Evidence integrity: content addressing, a tamper-evident audit log, hashes in exports."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.backup import verify_evidence
from truceline.cli import cli
from truceline.domain import Source
from truceline.reporting import findings_geojson
from truceline.storage import _people as people
from truceline.storage import init_workspace, open_store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.unit.api._fixture import build

    ws = tmp_path_factory.mktemp("tpl") / "ws"
    build(ws)
    with open_store(ws) as store:
        people.submit_field_report(
            store, text="Crater next to the substation.", uploaded_by="mo",
            source=Source(id="monitor-mo", name="Field monitor mo", kind="monitor"),
            files=[("crater.jpg", "image/jpeg", b"\xff\xd8 not really a jpeg")])
    return ws


@pytest.fixture
def ws(template: Path, tmp_path: Path) -> Path:
    """A private copy of the template workspace (built once per module)."""
    shutil.copytree(template, tmp_path / "ws")
    return tmp_path / "ws"


def _verify(ws: Path) -> tuple[int, str]:
    r = CliRunner().invoke(cli, ["audit", "verify", "-w", str(ws)])
    return r.exit_code, r.output


def _db(ws: Path) -> sqlite3.Connection:
    return sqlite3.connect(ws / "truceline.db")


def test_untouched_log_verifies(ws: Path) -> None:
    code, out = _verify(ws)
    assert code == 0 and out.startswith("OK")


@pytest.mark.parametrize("column,value", [("payload", '{"confidential": false}'),
                                          ("actor", "mallory"), ("at", "2020-01-01T00:00:00"),
                                          ("object", "field-8")])
def test_altered_entry_is_detected(ws: Path, column: str, value: str) -> None:
    with _db(ws) as db:
        db.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = 3", (value,))
    code, out = _verify(ws)
    assert code == 1 and "BROKEN" in out and "entry 3" in out


def test_altered_entry_with_recomputed_hash_still_breaks_the_chain(ws: Path) -> None:
    with _db(ws) as db:
        at, actor, action, obj, prev = db.execute(
            "SELECT at, actor, action, object, prev_hash FROM audit_log WHERE seq = 2").fetchone()
        body = '{"forged": true}'
        h = hashlib.sha256(f"{prev}|{at}|{actor}|{action}|{obj}|{body}".encode()).hexdigest()
        db.execute("UPDATE audit_log SET payload = ?, hash = ? WHERE seq = 2", (body, h))
    code, out = _verify(ws)
    assert code == 1 and "entry 3" in out  # the next entry no longer follows


def test_removed_entry_is_detected(ws: Path) -> None:
    with _db(ws) as db:
        db.execute("DELETE FROM audit_log WHERE seq = 4")
    code, out = _verify(ws)
    assert code == 1 and "entry 5" in out


def test_reordered_entries_are_detected(ws: Path) -> None:
    with _db(ws) as db:
        rows = db.execute("SELECT seq, at, actor, action, object, payload, prev_hash, hash "
                          "FROM audit_log WHERE seq IN (3, 4) ORDER BY seq").fetchall()
        for (seq, *_), (_, *rest) in zip(rows, reversed(rows), strict=True):
            db.execute("UPDATE audit_log SET at=?, actor=?, action=?, object=?, payload=?, "
                       "prev_hash=?, hash=? WHERE seq=?", (*rest, seq))
    code, out = _verify(ws)
    assert code == 1 and "entry 3" in out


def test_truncated_tail_is_caught_by_the_backup_manifest(ws: Path, tmp_path: Path) -> None:
    """A hash chain alone cannot see its last entries cut off; the head hash recorded in
    a backup (or published) can."""
    from truceline.backup import backup, restore
    from truceline.errors import StorageError

    out = tmp_path / "b.tar.gz"
    backup(ws, out)
    import io
    import tarfile

    with tarfile.open(out) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        db = tar.extractfile("truceline.db").read()  # type: ignore[union-attr]
    tmp_db = tmp_path / "cut.db"
    tmp_db.write_bytes(db)
    with sqlite3.connect(tmp_db) as c:
        c.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    c.close()
    forged = tmp_path / "forged.tar.gz"
    manifest["members"]["truceline.db"] = hashlib.sha256(tmp_db.read_bytes()).hexdigest()
    with tarfile.open(forged, "w:gz") as tar:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        tar.add(tmp_db, arcname="truceline.db")
        with tarfile.open(out) as src:
            for m in src.getmembers():
                if m.name.startswith("evidence/"):
                    tar.addfile(m, src.extractfile(m))
    with pytest.raises(StorageError, match="entries were removed"):
        restore(forged, tmp_path / "restored")


def test_exports_carry_hashes_that_check_against_the_evidence(ws: Path) -> None:
    with open_store(ws) as store:
        found = store.findings(include_not_applicable=True)
        doc = findings_geojson(found)
        assert doc["features"]
        for feat in doc["features"]:
            evidence = feat["properties"]["evidence"]
            assert evidence
            for ev in evidence:
                report = store.report(ev["report_id"])
                assert hashlib.sha256(report.content).hexdigest() == ev["report_id"]
        assert verify_evidence(store) == []
        files = people.evidence_files(store)
        assert files and all(f.sha256 == hashlib.sha256(
            people.evidence_path(store, f.sha256).read_bytes()).hexdigest() for f in files)


def test_tampered_report_or_file_is_found(ws: Path) -> None:
    with open_store(ws) as store:
        ev = people.evidence_files(store)[0]
        path = people.evidence_path(store, ev.sha256)
    path.write_bytes(b"swapped photo")
    with _db(ws) as db:
        db.execute("UPDATE reports SET content = ? WHERE rowid = 1", (b"edited",))
    with open_store(ws) as store:
        bad = verify_evidence(store)
    assert any("altered" in b for b in bad) and any("content does not hash" in b for b in bad)


def test_same_bytes_are_stored_once(tmp_path: Path) -> None:
    with init_workspace(tmp_path / "ws") as store:
        src = Source(id="monitor-a", name="A", kind="monitor")
        for _ in range(3):
            people.submit_field_report(store, text="same", source=src, uploaded_by="a",
                                       files=[("a.bin", "x/y", b"same bytes")])
        assert store.counts()["reports"] == 1
        assert len(people.evidence_files(store)) == 1
