"""Sources and reports: who speaks, and what they said, verbatim."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from truceline._typing import SourceKind


@dataclass(frozen=True, kw_only=True)
class Source:
    """Who speaks: an outlet, ministry, monitor, NGO or dataset.

    ``party`` is the party code the source is affiliated with (``None`` if independent);
    ``grade`` is its reliability on the Admiralty scale A–F (F: cannot be judged).
    """

    id: str
    name: str
    kind: SourceKind = "unknown"
    party: str | None = None
    grade: str = "F"

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "party": self.party,
                "grade": self.grade}


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` as 64 hex digits.

    Examples
    --------
    >>> sha256_hex(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, kw_only=True)
class Report:
    """One received document or record, stored verbatim with its SHA-256; immutable.

    ``id`` is the SHA-256 of ``content``, so the same record received twice is one report.
    ``origin`` says where it came from (``file:row``), ``media_type`` what it is.
    """

    content: bytes
    source_id: str
    media_type: str
    origin: str
    received_at: datetime
    published_at: datetime | None = None
    language: str | None = None
    title: str = ""
    id: str = field(default="")

    def __post_init__(self) -> None:
        digest = sha256_hex(self.content)
        if self.id and self.id != digest:
            raise ValueError(f"report id {self.id} is not the SHA-256 of its content ({digest})")
        object.__setattr__(self, "id", digest)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the verbatim content (same as ``id``)."""
        return self.id

    @property
    def text(self) -> str:
        """The content decoded as UTF-8 (reports are stored as UTF-8 after intake)."""
        return self.content.decode("utf-8", errors="replace")
