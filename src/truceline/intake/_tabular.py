"""Structured intake: tabular event records → Reports and Claims, or quarantine."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from truceline.domain import Claim, Report, Source
from truceline.errors import IntakeError
from truceline.intake._build import Context, RowProblem, build
from truceline.intake._encoding import Encoding, detect_encoding
from truceline.intake._formats import iter_rows, read_header, sniff_format
from truceline.intake._mapping import Mapping, list_mappings, load_mapping


@dataclass(frozen=True, kw_only=True)
class Record:
    """One good row: its verbatim report and the claims read from it."""

    report: Report
    claims: tuple[Claim, ...]
    row: int


@dataclass(frozen=True, kw_only=True)
class Quarantined:
    """One bad row, kept with the reason (never silently dropped).

    ``row`` is the 1-based data row number (the header is not counted); ``reason`` starts
    with a short kind (``ragged row``, ``lat/lon swapped?`` …) and ends with the fix;
    ``field`` is the field or column at fault, when one is.
    """

    file: str
    row: int
    reason: str
    field: str | None
    raw: str


def _check(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise IntakeError(f"no such file: {p}. Fix: check the path.")
    return p


def file_encoding(path: str | Path, mapping: Mapping | None = None) -> Encoding:
    """The encoding :func:`read` will use for ``path`` (the mapping's, or detected)."""
    if mapping is not None and mapping.encoding != "auto":
        return Encoding(name=mapping.encoding, how="set in the mapping")
    return detect_encoding(_check(path))


def detect_mapping(path: str | Path) -> str:
    """The name of the built-in mapping whose ``detect`` columns are all in the header.

    Raises
    ------
    IntakeError
        When no built-in mapping fits; the message lists them and their columns.
    """
    p = _check(path)
    enc = detect_encoding(p)
    fmt = sniff_format(p)
    header = set(read_header(p, fmt, enc.name))
    known = [load_mapping(name) for name in list_mappings()]
    for m in known:
        if m.detect and set(m.detect) <= header:
            return m.name
    listing = "; ".join(f"{m.name} (needs {', '.join(m.detect)})" if m.detect
                        else f"{m.name} (never auto-detected)" for m in known)
    raise IntakeError(
        f"{p}: no built-in mapping fits its columns ({', '.join(sorted(header)[:12])}"
        f"{'…' if len(header) > 12 else ''}). Known mappings: {listing}. Fix: pass "
        "mapping=<name> or the path of a mapping YAML (see docs/intake.md).")


def read(path: str | Path, *, mapping: str | Path | Mapping = "auto",
         source: Source | None = None, received_at: datetime | None = None,
         progress: Callable[[int, int], None] | None = None,
         ) -> Iterator[Record | Quarantined]:
    """Stream the rows of a CSV, JSON Lines or GeoJSON file as Records or Quarantined.

    Parameters
    ----------
    path
        The file to read.
    mapping
        ``"auto"`` (detect a built-in mapping from the header), a built-in name, the path
        of a mapping YAML, or a loaded :class:`Mapping`.
    source
        The source the rows come from; defaults to the mapping's ``source:``.
    received_at
        When the file was received (default: now, UTC). Not part of any report id.
    progress
        Called as ``progress(bytes_read, total_bytes)`` every 1000 rows and at the end.

    Yields
    ------
    Record | Quarantined
        One per data row, in file order: records plus quarantined equal the data rows.

    Raises
    ------
    IntakeError
        When the file, its encoding or the mapping cannot be used at all (before any row
        is yielded).
    """
    p = _check(path)
    m = load_mapping(detect_mapping(p) if mapping == "auto" else mapping)
    src = source or m.source
    if src is None:
        raise IntakeError(f"mapping {m.name} ({m.origin}) names no source and none was "
                          "given. Fix: pass source=Source(...) or add `source:` to the mapping.")
    enc = file_encoding(p, m)
    fmt = sniff_format(p) if m.format == "auto" else m.format
    if fmt == "csv" and m.strict_columns:
        header = read_header(p, fmt, enc.name, m.delimiter)
        missing = sorted(m.columns() - set(header))
        if missing:
            raise IntakeError(
                f"mapping {m.name} ({m.origin}) reads column(s) {', '.join(map(repr, missing))} "
                f"that {p} does not have. Its columns are: {', '.join(header)}. Fix: correct "
                "the column names in the mapping, or choose another mapping.")
    received = received_at or datetime.now(UTC)
    if received.tzinfo is None:
        raise IntakeError(f"received_at {received} has no time zone. Fix: pass an aware "
                          "datetime, e.g. datetime.now(UTC).")
    ctx = Context(mapping=m, source=src, file=str(path), encoding=enc.name,
                  received_at=received, today=datetime.now(UTC).date())
    return _rows(p, fmt, ctx, progress)


def _rows(p: Path, fmt: str, ctx: Context, progress: Callable[[int, int], None] | None
          ) -> Iterator[Record | Quarantined]:
    for raw in iter_rows(p, fmt, ctx.encoding, delimiter=ctx.mapping.delimiter,
                         progress=progress):
        if raw.problem is not None:
            yield Quarantined(file=ctx.file, row=raw.row, reason=raw.problem[0],
                              field=raw.problem[1], raw=raw.raw)
            continue
        try:
            report, claims = build(raw, ctx)
        except RowProblem as exc:
            yield Quarantined(file=ctx.file, row=raw.row, reason=exc.reason, field=exc.field,
                              raw=raw.raw)
            continue
        yield Record(report=report, claims=claims, row=raw.row)
