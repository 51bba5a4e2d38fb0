"""Reading source files for the importers: progress-reporting text streams and summaries."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from truceline.errors import GeocodingError
from truceline.geocoding._gazetteer import Entry, write_user_entries

__all__ = ["ImportSummary", "Progress", "open_text", "split_names", "to_int"]

Progress = Callable[[int, int], None]
"""Called as ``progress(bytes_read, total_bytes)`` while a file is read."""


@dataclass
class ImportSummary:
    """What an import read, added and skipped (with the reason for each skip)."""

    kind: str
    path: str
    rows_read: int = 0
    entries: list[Entry] = field(default_factory=list, repr=False)
    skipped: Counter[str] = field(default_factory=Counter)
    written_to: str | None = None

    @property
    def added(self) -> int:
        """Entries produced."""
        return len(self.entries)

    def skip(self, reason: str) -> None:
        """Count one skipped row."""
        self.skipped[reason] += 1

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form (without the entries)."""
        return {"kind": self.kind, "path": self.path, "rows_read": self.rows_read,
                "added": self.added, "skipped": dict(self.skipped),
                "written_to": self.written_to}

    def finish(self, into: str | Path | None) -> ImportSummary:
        """Write the entries to the user gazetteer in ``into`` (when given)."""
        if into is not None:
            self.written_to = str(write_user_entries(Path(into), self.entries))
        return self


class _Counting(io.RawIOBase):
    def __init__(self, raw: IO[bytes], total: int, progress: Progress | None):
        self._raw, self._total, self._progress = raw, total, progress
        self._read = 0
        self._last = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self._read += n or 0
        if self._progress and (self._read - self._last > 1 << 20 or not n):
            self._last = self._read
            self._progress(self._read, self._total)
        return n or 0


@contextmanager
def open_text(path: str | Path, progress: Progress | None = None,
              encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Open a text file for reading, reporting progress in bytes; clear error if missing."""
    p = Path(path)
    if not p.is_file():
        raise GeocodingError(f"gazetteer source {p} does not exist or is not a file. "
                             "Fix: check the path")
    raw = p.open("rb")
    try:
        counting = _Counting(raw, p.stat().st_size, progress)
        text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding=encoding,
                                newline="")
        try:
            yield text
        except UnicodeDecodeError as exc:
            raise GeocodingError(f"{p}: not {encoding} text ({exc}). "
                                 f"Fix: convert the file to {encoding}") from exc
    finally:
        raw.close()


def split_names(*values: str | None, sep: str = ";") -> tuple[str, ...]:
    """Non-empty, de-duplicated names from ``sep``-separated fields.

    Examples
    --------
    >>> split_names("Дзержинськ;Щербинівка", "", None, "Dzerzhynsk")
    ('Дзержинськ', 'Щербинівка', 'Dzerzhynsk')
    """
    out: dict[str, None] = {}
    for v in values:
        for part in (v or "").split(sep):
            part = part.strip()
            if part:
                out[part] = None
    return tuple(out)


def to_int(value: str | None) -> int:
    """An integer from a messy cell (``"12 345"``, ``""``, ``"1.2e4"``); 0 when unreadable."""
    try:
        return int(float((value or "0").replace(" ", "").replace(",", "")))
    except ValueError:
        return 0
