"""People, tokens, evidence files and confidential sources, over a Store.

Users have one role (``admin``, ``analyst``, ``monitor``, ``liaison``, ``public``); a
liaison speaks for one party. A token is shown once when issued: it reads
``tl_<lookup>_<secret>``; the store keeps only ``<lookup>`` (the row id, so verifying looks
up one row instead of scanning every hash) and the argon2 hash of the whole token.

Evidence files are stored content-addressed in the workspace folder
(``evidence/ab/cdef…``, named by their SHA-256). Whether a source's identity is
confidential is recorded as ``source.confidential`` entries in the hash-chained audit log,
so the latest entry per source wins and every change is accountable.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update

from truceline.domain import Claim, Report, Source
from truceline.errors import ConfigError, NotFoundError
from truceline.storage import _schema as s
from truceline.storage._store import Store, _claim_row

ROLES = ("admin", "analyst", "monitor", "liaison", "public")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
_hasher = PasswordHasher()


@dataclass(frozen=True, kw_only=True)
class User:
    """A person who may hold tokens: name, role and (for a liaison) party."""

    id: str
    name: str
    role: str
    party: str | None
    created_at: str
    disabled_at: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return dict(self.__dict__)


@dataclass(frozen=True, kw_only=True)
class EvidenceFile:
    """A stored evidence file: content-addressed by its SHA-256."""

    sha256: str
    filename: str
    media_type: str
    size: int
    stored_at: str
    uploaded_by: str | None
    report_id: str | None

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return dict(self.__dict__)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _user(row: dict) -> User:  # type: ignore[type-arg]
    return User(**{k: row[k] for k in User.__dataclass_fields__})


# -- users and tokens ---------------------------------------------------------------------------
def add_user(store: Store, name: str, *, role: str, party: str | None = None,
             actor: str = "system") -> User:
    """Create a user; a liaison must name the party they speak for."""
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if role == "liaison" and not party:
        raise ConfigError(f"user {name!r}: a liaison speaks for one party; add --party CODE")
    if role != "liaison" and party:
        raise ConfigError(f"user {name!r}: only a liaison is bound to a party; drop --party")
    if not name.strip():
        raise ConfigError("a user needs a name")
    with store.engine.begin() as conn:
        if conn.execute(select(s.users.c.id).where(s.users.c.name == name)).first():
            raise ConfigError(f"user {name!r} already exists; pick another name")
        user = User(id="u-" + secrets.token_hex(6), name=name, role=role, party=party,
                    created_at=_now())
        conn.execute(insert(s.users).values(**user.to_dict()))
        store._audit(conn, actor, "user.add", user.id, {"name": name, "role": role,
                                                        "party": party})
    return user


def users(store: Store) -> list[User]:
    """Every user, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.users).order_by(s.users.c.name)).mappings().all()
    return [_user(r) for r in rows]


def get_user(store: Store, name: str) -> User:
    """One user by name."""
    with store.engine.connect() as conn:
        row = conn.execute(select(s.users).where(s.users.c.name == name)).mappings().first()
    if row is None:
        raise NotFoundError(f"no user {name!r}; add one with `truceline user add {name} "
                            "--role ROLE`")
    return _user(row)


def issue_token(store: Store, name: str, *, actor: str = "system") -> str:
    """A new token for user ``name``; returned once, stored only as an argon2 hash."""
    user = get_user(store, name)
    if user.disabled_at:
        raise ConfigError(f"user {name!r} is disabled; add a new user instead")
    lookup = secrets.token_hex(6)
    token = f"tl_{lookup}_{secrets.token_urlsafe(24)}"
    with store.engine.begin() as conn:
        conn.execute(insert(s.tokens).values(id=lookup, user_id=user.id,
                                             hash=_hasher.hash(token), created_at=_now()))
        store._audit(conn, actor, "token.issue", user.id, {"token_id": lookup})
    return token


def token_lookup(token: str) -> str | None:
    """The lookup id inside a token, or ``None`` when it is not shaped like one."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "tl" or len(parts[1]) != 12:
        return None
    return parts[1]


def token_user(store: Store, token: str, *, verified: bool = False) -> User | None:
    """The active user a token belongs to, or ``None`` (unknown, revoked, disabled, wrong).

    ``verified=True`` skips the argon2 check (the caller has already verified this exact
    token) but still checks revocation and the user.
    """
    lookup = token_lookup(token)
    if lookup is None:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(
            select(s.tokens.c.hash, s.tokens.c.revoked_at, s.users)
            .join(s.users, s.users.c.id == s.tokens.c.user_id)
            .where(s.tokens.c.id == lookup)).mappings().first()
    if row is None or row["revoked_at"] or row["disabled_at"]:
        return None
    if not verified:
        try:
            _hasher.verify(row["hash"], token)
        except (VerificationError, InvalidHashError):
            return None
    return _user(row)


def revoke_tokens(store: Store, name: str, *, token_id: str | None = None,
                  actor: str = "system") -> int:
    """Revoke one token (by its lookup id) or every token of a user; returns how many."""
    user = get_user(store, name)
    q = update(s.tokens).where(s.tokens.c.user_id == user.id, s.tokens.c.revoked_at.is_(None))
    if token_id:
        q = q.where(s.tokens.c.id == token_id)
    with store.engine.begin() as conn:
        n = conn.execute(q.values(revoked_at=_now())).rowcount
        store._audit(conn, actor, "token.revoke", user.id, {"token_id": token_id, "count": n})
    return int(n or 0)


# -- confidential sources -----------------------------------------------------------------------
def set_confidential(store: Store, source_id: str, confidential: bool = True, *,
                     actor: str = "system") -> None:
    """Mark a source's identity confidential (or not); recorded in the audit log."""
    if source_id not in store.sources():
        raise NotFoundError(f"no source {source_id!r}; register it first")
    with store.engine.begin() as conn:
        store._audit(conn, actor, "source.confidential", source_id,
                     {"confidential": bool(confidential)})


def confidential_sources(store: Store) -> frozenset[str]:
    """Ids of the sources whose identity is confidential (latest audit entry wins)."""
    state: dict[str, bool] = {}
    with store.engine.connect() as conn:
        for obj, payload in conn.execute(
                select(s.audit_log.c.object, s.audit_log.c.payload)
                .where(s.audit_log.c.action == "source.confidential")
                .order_by(s.audit_log.c.seq)):
            state[obj] = bool(json.loads(payload).get("confidential"))
    return frozenset(k for k, v in state.items() if v)


# -- field reports and evidence -------------------------------------------------------------------
def evidence_root(store: Store) -> Path:
    """The workspace's ``evidence`` folder (a store without a folder cannot hold files)."""
    if store.workspace is None:
        raise ConfigError("this store has no workspace folder to keep evidence files in; "
                          "serve a workspace folder, not a bare database URL")
    return store.workspace / "evidence"


def evidence_path(store: Store, sha256: str) -> Path:
    """Where the file with this SHA-256 lives: ``evidence/ab/cdef…``."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise NotFoundError(f"{sha256!r} is not a SHA-256 (64 lowercase hex digits)")
    return evidence_root(store) / sha256[:2] / sha256[2:]


def submit_field_report(store: Store, *, text: str, source: Source, uploaded_by: str,
                        files: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
                        claim: dict[str, object] | None = None, title: str = "",
                        language: str | None = None,
                        max_bytes: int = MAX_EVIDENCE_BYTES) -> tuple[Report, list[EvidenceFile]]:
    """Store a monitor's field report verbatim, its evidence files, and an optional claim.

    ``files`` are ``(filename, media_type, content)``; each is kept content-addressed in the
    workspace. ``claim`` holds :class:`~truceline.domain.Claim` fields (event type, place,
    time…) for the one observation the report makes, or ``None``.
    """
    if not text.strip():
        raise ConfigError("a field report needs text: what was seen, where and when")
    for fname, _mt, content in files:
        if len(content) > max_bytes:
            raise ConfigError(f"file {fname!r} is {len(content)} bytes; the limit is "
                              f"{max_bytes} bytes. Send a smaller or compressed file.")
    at = datetime.now(UTC)
    report = Report(content=text.encode("utf-8"), source_id=source.id, media_type="text/plain",
                    origin=f"field:{uploaded_by}", received_at=at, published_at=at,
                    language=language, title=title)
    stored: list[EvidenceFile] = []
    with store.engine.begin() as conn:
        if not conn.execute(select(s.sources.c.id).where(s.sources.c.id == source.id)).first():
            conn.execute(insert(s.sources).values(**source.to_dict()))
        if not conn.execute(select(s.reports.c.id).where(s.reports.c.id == report.id)).first():
            conn.execute(insert(s.reports).values(
                id=report.id, source_id=report.source_id, media_type=report.media_type,
                origin=report.origin, received_at=at.isoformat(), published_at=at.isoformat(),
                language=language, title=title, content=report.content))
            if claim is not None:
                c = Claim(report_id=report.id, source_id=source.id, stance="observation",
                          evidence=text[:500], **claim)  # type: ignore[arg-type]
                conn.execute(insert(s.claims).values(**_claim_row(c)))
        for fname, media_type, content in files:
            stored.append(_store_file(store, conn, content, filename=fname,
                                      media_type=media_type, uploaded_by=uploaded_by,
                                      report_id=report.id))
        store._audit(conn, uploaded_by, "report.submit", report.id,
                     {"source": source.id, "files": [f.sha256 for f in stored]})
    return report, stored


def _store_file(store: Store, conn, content: bytes, *, filename: str,  # type: ignore[no-untyped-def]
                media_type: str, uploaded_by: str, report_id: str | None) -> EvidenceFile:
    sha = hashlib.sha256(content).hexdigest()
    path = evidence_path(store, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(content)
        tmp.replace(path)
    row = conn.execute(select(s.evidence_files).where(s.evidence_files.c.sha256 == sha)
                       ).mappings().first()
    if row is not None:
        return EvidenceFile(**dict(row))
    ev = EvidenceFile(sha256=sha, filename=Path(filename).name or "file",
                      media_type=media_type or "application/octet-stream", size=len(content),
                      stored_at=_now(), uploaded_by=uploaded_by, report_id=report_id)
    conn.execute(insert(s.evidence_files).values(**ev.to_dict()))
    return ev


def evidence_files(store: Store, *, report_id: str | None = None) -> list[EvidenceFile]:
    """Stored evidence files (of one report, when given)."""
    q = select(s.evidence_files).order_by(s.evidence_files.c.stored_at)
    if report_id:
        q = q.where(s.evidence_files.c.report_id == report_id)
    with store.engine.connect() as conn:
        return [EvidenceFile(**dict(r)) for r in conn.execute(q).mappings()]


def evidence_file(store: Store, sha256: str) -> tuple[EvidenceFile, Path]:
    """One evidence file's record and path."""
    path = evidence_path(store, sha256)
    with store.engine.connect() as conn:
        row = conn.execute(select(s.evidence_files).where(s.evidence_files.c.sha256 == sha256)
                           ).mappings().first()
    if row is None or not path.is_file():
        raise NotFoundError(f"no evidence file {sha256}")
    return EvidenceFile(**dict(row)), path


def evidence_hashes(store: Store, report_ids: Sequence[str]) -> dict[str, list[str]]:
    """``{report id: [SHA-256 of each evidence file]}`` for the reports that have files, so
    an export can be checked against the evidence it rests on."""
    ids = sorted({r for r in report_ids if r})
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            q = select(s.evidence_files.c.report_id, s.evidence_files.c.sha256).where(
                s.evidence_files.c.report_id.in_(ids[i:i + 500])).order_by(
                s.evidence_files.c.report_id, s.evidence_files.c.sha256)
            for rid, sha in conn.execute(q):
                out.setdefault(rid, []).append(sha)
    return out
