"""Backups of a store, and the table snapshot used to prove a restore (or a crash) lost nothing.

::

    truceline backup OUT -w WORKSPACE      # SQLite: OUT is a .tar.gz (db + evidence/)
    truceline restore IN -w WORKSPACE      # into an empty workspace folder

SQLite stores are copied with SQLite's online backup API (``sqlite3.Connection.backup``),
which gives a consistent snapshot even while another process keeps writing; the copy,
the workspace's ``evidence/`` folder and a ``manifest.json`` (SHA-256 of every member,
row counts, the audit log's head hash) go into one tar archive. PostgreSQL stores are
dumped with ``pg_dump --format=custom`` and restored with ``pg_restore``; both binaries
must be on ``PATH``.

Restoring checks every member's SHA-256 against the manifest, re-verifies the audit log's
hash chain and checks that its head is the one recorded at backup time (so a truncated log
is caught too), before the workspace is used.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import inspect, text

from truceline.errors import ConfigError, StorageError
from truceline.storage import DB_FILE, Store, open_store

MANIFEST = "manifest.json"
FORMAT = "truceline.backup.v1"

__all__ = ["BackupSummary", "backup", "restore", "table_snapshot", "verify_evidence"]


@dataclass(frozen=True, kw_only=True)
class BackupSummary:
    """What a backup or restore wrote: where, which backend, rows per table, files."""

    path: Path
    backend: str
    counts: dict[str, int]
    evidence_files: int
    audit_head: str

    def lines(self) -> list[str]:
        """The summary in words."""
        rows = sum(self.counts.values())
        return [f"{self.path} ({self.backend}): {len(self.counts)} tables, {rows} rows, "
                f"{self.evidence_files} evidence files, audit head {self.audit_head[:12]}"]


# -- snapshots ----------------------------------------------------------------------------------
def table_snapshot(store: Store, *, exclude: dict[str, tuple[str, ...]] | None = None,
                   skip_tables: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, as plain tuples: two equal snapshots are equal stores.

    ``exclude`` maps a table to columns left out (timestamps, surrogate keys);
    ``skip_tables`` are left out entirely. SQLite's internal tables (R*Tree shadows,
    ``sqlite_sequence``) and the migration bookkeeping are always left out.
    """
    exclude = exclude or {}
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        insp = inspect(conn)
        for table in sorted(insp.get_table_names()):
            if (table in skip_tables or table.startswith("sqlite_") or "_rtree" in table
                    or table == "alembic_version" or table.startswith("spatial_ref_sys")):
                continue
            cols = [c["name"] for c in insp.get_columns(table)
                    if c["name"] not in exclude.get(table, ())]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(text(f'SELECT {quoted} FROM "{table}"')).all()
            out[table] = sorted((tuple(_plain(v) for v in r) for r in rows), key=repr)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _audit_head(store: Store) -> tuple[str, int]:
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT hash, seq FROM audit_log ORDER BY seq DESC LIMIT 1")
                           ).first()
    return (row[0], int(row[1])) if row else ("0" * 64, 0)


def verify_evidence(store: Store) -> list[str]:
    """Re-hash every report and stored evidence file; the list of mismatches (empty: intact).

    Reports and files are content-addressed, so a report's id and a file's name are the
    SHA-256 of their bytes; any edit on disk or in the database shows up here.
    """
    from truceline.storage import _people as people

    bad: list[str] = []
    with store.engine.connect() as conn:
        for rid, content in conn.execute(text("SELECT id, content FROM reports")):
            if hashlib.sha256(bytes(content)).hexdigest() != rid:
                bad.append(f"report {rid}: content does not hash to its id")
    if store.workspace is not None:
        for ev in people.evidence_files(store):
            path = people.evidence_path(store, ev.sha256)
            if not path.is_file():
                bad.append(f"evidence file {ev.sha256} ({ev.filename}) is missing")
            elif _sha256_file(path) != ev.sha256:
                bad.append(f"evidence file {ev.sha256} ({ev.filename}) was altered")
    return bad


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- backup -------------------------------------------------------------------------------------
def backup(location: str | Path, out: str | Path) -> BackupSummary:
    """Back up the workspace folder (SQLite) or database URL (PostgreSQL) at ``location``."""
    out = Path(out)
    if out.exists():
        raise ConfigError(f"{out} already exists; choose a new backup file name")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_store(location) as store:
        if store.dialect == "sqlite":
            return _backup_sqlite(store, out)
        if store.dialect == "postgresql":
            return _backup_pg(store, out)
        raise ConfigError(f"cannot back up a {store.dialect} store; use SQLite or PostgreSQL")


def _backup_sqlite(store: Store, out: Path) -> BackupSummary:
    assert store.workspace is not None
    with tempfile.TemporaryDirectory(prefix="truceline-backup-") as tmp:
        copy = Path(tmp) / DB_FILE
        try:
            src = sqlite3.connect(store.workspace / DB_FILE, timeout=30)
            dst = sqlite3.connect(copy)
            with dst:
                src.backup(dst)  # online, page by page; restarts if a writer changes a page
            src.close()
            dst.close()
        except sqlite3.Error as exc:
            raise StorageError(f"could not back up {store.workspace / DB_FILE}: {exc}. "
                               "Check the disk space and that the file is readable.") from exc
        with open_store(tmp) as snap:
            counts = snap.counts()
            head, _ = _audit_head(snap)
            files = _evidence_members(store.workspace, snap)
        members = {DB_FILE: _sha256_file(copy)} | {f"evidence/{rel}": sha for rel, sha in files}
        manifest = {"format": FORMAT, "backend": "sqlite", "created_at": _now(),
                    "counts": counts, "audit_head": head, "members": members}
        partial = out.with_name(out.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            tar.add(copy, arcname=DB_FILE)
            for rel, _sha in files:
                tar.add(store.workspace / "evidence" / rel, arcname=f"evidence/{rel}")
        partial.replace(out)
    return BackupSummary(path=out, backend="sqlite", counts=counts, evidence_files=len(files),
                         audit_head=head)


def _evidence_members(workspace: Path, snap: Store) -> list[tuple[str, str]]:
    """The evidence files the snapshot refers to, as ``(ab/cdef…, sha256)``."""
    with snap.engine.connect() as conn:
        shas = [r[0] for r in conn.execute(text("SELECT sha256 FROM evidence_files "
                                                "ORDER BY sha256"))]
    out = []
    for sha in shas:
        rel = f"{sha[:2]}/{sha[2:]}"
        path = workspace / "evidence" / rel
        if not path.is_file():
            raise StorageError(f"evidence file {sha} is recorded but missing from {path}; "
                               "the workspace is damaged; restore it from an older backup")
        out.append((rel, sha))
    return out


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _libpq_url(store: Store) -> tuple[str, str | None]:
    """The server URL as libpq wants it, and the schema named in ``search_path`` (if any)."""
    url = store.engine.url
    schema = None
    opts = url.query.get("options")
    if isinstance(opts, str) and "search_path=" in opts:
        schema = opts.split("search_path=", 1)[1].split(",")[0].strip() or None
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    parts = urlsplit(plain)
    return urlunsplit(parts._replace(query="")), schema


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigError(f"{name} is not on PATH; install the PostgreSQL client tools "
                          "(e.g. apt-get install postgresql-client) to back up a server store")
    return found


def _run(cmd: list[str], what: str) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    except subprocess.TimeoutExpired as exc:
        raise StorageError(f"{what} took longer than an hour and was stopped") from exc
    if done.returncode != 0:
        raise StorageError(f"{what} failed: {done.stderr.strip()[:2000]}")


def _backup_pg(store: Store, out: Path) -> BackupSummary:
    url, schema = _libpq_url(store)
    cmd = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
           f"--file={out}", f"--dbname={url}"]
    if schema:
        cmd.append(f"--schema={schema}")
    else:
        cmd += ["--exclude-table=spatial_ref_sys"]
    _run(cmd, "pg_dump")
    head, _ = _audit_head(store)
    return BackupSummary(path=out, backend="postgresql", counts=store.counts(),
                         evidence_files=0, audit_head=head)


# -- restore ------------------------------------------------------------------------------------
def restore(archive: str | Path, location: str | Path, *, force: bool = False) -> BackupSummary:
    """Restore a backup into a workspace folder (SQLite) or an empty database (PostgreSQL)."""
    archive = Path(archive)
    if not archive.is_file():
        raise ConfigError(f"no backup file {archive}; check the path")
    if "://" in str(location):
        return _restore_pg(archive, str(location))
    return _restore_sqlite(archive, Path(location), force=force)


def _restore_sqlite(archive: Path, workspace: Path, *, force: bool) -> BackupSummary:
    if (workspace / DB_FILE).exists() and not force:
        raise ConfigError(f"{workspace} already holds a store; restore into a new folder, or "
                          "pass --force to replace it")
    try:
        tar = tarfile.open(archive, "r:*")
    except (tarfile.TarError, OSError) as exc:
        raise ConfigError(f"{archive} is not a Truceline backup (not a tar archive: {exc}); "
                          "a PostgreSQL dump restores into a database URL") from exc
    with tar, tempfile.TemporaryDirectory(prefix="truceline-restore-",
                                          dir=workspace.parent if workspace.parent.is_dir()
                                          else None) as tmp:
        manifest = _manifest(tar, archive)
        members = manifest["members"]
        for info in tar.getmembers():
            if info.name == MANIFEST:
                continue
            if info.name not in members or not info.isfile():
                raise ConfigError(f"{archive}: unexpected member {info.name!r}; the archive "
                                  "was not written by `truceline backup` or was altered")
            target = Path(tmp) / info.name
            target.parent.mkdir(parents=True, exist_ok=True)
            src = tar.extractfile(info)
            assert src is not None
            with src, target.open("wb") as f:
                shutil.copyfileobj(src, f)
            if _sha256_file(target) != members[info.name]:
                raise StorageError(f"{archive}: member {info.name} does not match its SHA-256 "
                                   "in the manifest; the backup is damaged or was altered")
        missing = [m for m in members if not (Path(tmp) / m).is_file()]
        if missing:
            raise StorageError(f"{archive}: members listed in the manifest are missing: "
                               f"{', '.join(missing[:5])}")
        with open_store(tmp) as snap:
            _check_restored(snap, manifest, archive)
            counts = snap.counts()
        workspace.mkdir(parents=True, exist_ok=True)
        for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm"):
            (workspace / name).unlink(missing_ok=True)
        if (Path(tmp) / "evidence").is_dir():
            shutil.copytree(Path(tmp) / "evidence", workspace / "evidence", dirs_exist_ok=True)
        shutil.move(str(Path(tmp) / DB_FILE), workspace / DB_FILE)
    return BackupSummary(path=workspace, backend="sqlite", counts=counts,
                         evidence_files=sum(1 for m in members if m.startswith("evidence/")),
                         audit_head=manifest["audit_head"])


def _manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        info = tar.getmember(MANIFEST)
        f = tar.extractfile(info)
        assert f is not None
        manifest = json.loads(f.read(1 << 24))
    except (KeyError, ValueError, AssertionError) as exc:
        raise ConfigError(f"{archive} has no readable {MANIFEST}; it was not written by "
                          "`truceline backup`") from exc
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("members"), dict):
        raise ConfigError(f"{archive}: unknown backup format {manifest.get('format')!r}; "
                          f"expected {FORMAT}")
    for name in manifest["members"]:
        p = Path(name)
        if p.is_absolute() or ".." in p.parts or not (name == DB_FILE
                                                      or name.startswith("evidence/")):
            raise ConfigError(f"{archive}: refusing member path {name!r} (outside the "
                              "workspace)")
    return manifest  # type: ignore[no-any-return]


def _check_restored(snap: Store, manifest: dict[str, Any], archive: Path) -> None:
    ok, _, message = snap.verify_audit()
    if not ok:
        raise StorageError(f"{archive}: the restored audit log is broken ({message})")
    head, _ = _audit_head(snap)
    if head != manifest.get("audit_head"):
        raise StorageError(f"{archive}: the audit log's head {head[:12]} is not the one "
                           f"recorded at backup time ({str(manifest.get('audit_head'))[:12]}); "
                           "entries were removed")
    bad = verify_evidence(snap)
    if bad:
        raise StorageError(f"{archive}: evidence does not match its hashes: {bad[0]}")


def _restore_pg(archive: Path, url: str) -> BackupSummary:
    from truceline.storage._store import _engine, _resolve_url

    target = Store(_engine(_resolve_url(url)[0]))
    try:
        libpq, _schema = _libpq_url(target)
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={libpq}", str(archive)], "pg_restore")
    finally:
        target.close()
    with open_store(url) as restored:
        ok, _, message = restored.verify_audit()
        if not ok:
            raise StorageError(f"{archive}: the restored audit log is broken ({message})")
        head, _ = _audit_head(restored)
        return BackupSummary(path=archive, backend="postgresql", counts=restored.counts(),
                             evidence_files=0, audit_head=head)
