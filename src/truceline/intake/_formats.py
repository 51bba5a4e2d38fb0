"""Row sources: CSV, JSON Lines and GeoJSON, read as a stream of raw rows.

Each row is a dict ``{column: raw string}`` in the file's column order, plus virtual
``@`` columns (GeoJSON geometry) that are not part of the verbatim content. A row that
cannot even be split into columns comes back with a ``problem`` instead.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from truceline.errors import IntakeError

FIELD_LIMIT = 10 * 1024 * 1024
RAW_CAP = 10_000
_PROGRESS_EVERY = 1000
_CHUNK = 1 << 20
Progress = Callable[[int, int], None]


@dataclass(frozen=True, kw_only=True)
class RawRow:
    """One data row as read, before any mapping."""

    row: int
    values: dict[str, str] = field(default_factory=dict)
    virtual: dict[str, str] = field(default_factory=dict)
    problem: tuple[str, str | None] | None = None
    raw: str = ""


def sniff_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``geojson`` from the file name (``.tsv``/``.txt`` read as CSV)."""
    name = path.name.lower()
    if name.endswith((".geojson", ".geo.json")):
        return "geojson"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "geojson" if name.endswith(".json") and _looks_geojson(path) else "jsonl"
    return "csv"


def _looks_geojson(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(4096)
    return b"FeatureCollection" in head


class _Counter:
    """Calls ``progress(bytes_read, total)`` every so many rows."""

    def __init__(self, fb: IO[bytes], total: int, progress: Progress | None):
        self.fb, self.total, self.progress, self.n = fb, total, progress, 0

    def tick(self) -> None:
        self.n += 1
        if self.progress is not None and self.n % _PROGRESS_EVERY == 0:
            self.progress(min(self.fb.tell(), self.total), self.total)

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def open_text(path: Path, encoding: str) -> tuple[IO[bytes], io.TextIOWrapper]:
    """Open ``path`` as text; undecodable bytes become surrogates (caught per row)."""
    fb = path.open("rb")
    return fb, io.TextIOWrapper(fb, encoding=encoding, errors="surrogateescape", newline="")


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = name.strip() or f"column{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def read_header(path: Path, fmt: str, encoding: str, delimiter: str = ",") -> list[str]:
    """The column names of the file (for JSONL/GeoJSON: the first record's columns)."""
    for raw in iter_rows(path, fmt, encoding, delimiter=delimiter, header_only=True):
        return list(raw.values)
    return []


def iter_rows(path: Path, fmt: str, encoding: str, *, delimiter: str = ",",
              progress: Progress | None = None, header_only: bool = False) -> Iterator[RawRow]:
    """Stream the rows of ``path`` (``header_only``: yield one row of column names)."""
    readers = {"csv": _csv_rows, "jsonl": _jsonl_rows, "geojson": _geojson_rows}
    total = path.stat().st_size
    fb, text = open_text(path, encoding)
    with fb, text:
        counter = _Counter(fb, total, progress)
        try:
            yield from readers[fmt](path, text, counter, delimiter, header_only)
        except UnicodeDecodeError as exc:  # the sniffed encoding failed further in
            raise IntakeError(f"{path}: bytes near offset {fb.tell()} are not valid {encoding} "
                              f"({exc.reason}). Fix: re-save the file as UTF-8, or give the "
                              "right `encoding:` in the mapping.") from exc
        counter.done()


def _csv_rows(path: Path, text: IO[str], counter: _Counter, delimiter: str,
              header_only: bool) -> Iterator[RawRow]:
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise IntakeError(f"{path} is empty: no header row. Fix: the first line must name "
                          "the columns.") from None
    except csv.Error as exc:
        raise IntakeError(f"{path}: the header row cannot be read ({exc}).") from exc
    header = _unique(header)
    if header_only:
        yield RawRow(row=0, values=dict.fromkeys(header, ""))
        return
    n = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            n += 1
            counter.tick()
            yield RawRow(row=n, problem=(
                f"unreadable row: {exc} (ends on line {reader.line_num}). Fix: a field "
                f"over {FIELD_LIMIT // (1024 * 1024)} MB is refused; split the text or "
                "fix an unclosed quote", None))
            continue
        if not fields or (fields == [""] and len(header) > 1):
            continue  # a blank line is not a row
        n += 1
        counter.tick()
        if len(fields) != len(header):
            yield RawRow(row=n, raw=_csv_line(fields, delimiter), problem=(
                f"ragged row: {len(fields)} fields but the header has {len(header)} columns "
                f"(ends on line {reader.line_num}). Fix: quote fields that contain "
                f"{delimiter!r} or newlines, or add the missing fields", None))
            continue
        yield RawRow(row=n, values=dict(zip(header, fields, strict=True)),
                     raw=_csv_line(fields, delimiter))


def _csv_line(fields: list[str], delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="").writerow(fields)
    return buf.getvalue()[:RAW_CAP]


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested objects become dotted columns; lists stay compact JSON; null is empty."""
    out: dict[str, str] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif value is None:
            out[name] = ""
        elif isinstance(value, str):
            out[name] = value
        else:
            out[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return out


def _jsonl_rows(path: Path, text: IO[str], counter: _Counter, delimiter: str,
                header_only: bool) -> Iterator[RawRow]:
    for n, line in enumerate(text, start=1):
        if not line.strip():
            continue  # a blank line is not a row
        counter.tick()
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawRow(row=n, raw=line[:RAW_CAP], problem=(
                f"invalid JSON: {exc.msg} at column {exc.colno}. Fix: one JSON object "
                "per line", None))
            continue
        except RecursionError:
            yield RawRow(row=n, raw=line[:RAW_CAP], problem=(
                "the JSON is nested too deeply to read. Fix: flatten the record", None))
            continue
        if not isinstance(obj, dict):
            yield RawRow(row=n, raw=line[:RAW_CAP], problem=(
                f"not an object: line holds a JSON {type(obj).__name__}. Fix: one JSON "
                "object per line", None))
            continue
        yield RawRow(row=n, values=flatten(obj), raw=line.rstrip("\r\n")[:RAW_CAP])
        if header_only:
            return


_FEATURES = re.compile(r'"features"\s*:\s*\[')
_SKIP = re.compile(r"[\s,]*")


def _geojson_rows(path: Path, text: IO[str], counter: _Counter, delimiter: str,
                  header_only: bool) -> Iterator[RawRow]:
    buf, pos, eof = "", 0, False

    def more() -> bool:
        nonlocal buf, pos, eof
        chunk = text.read(_CHUNK)
        eof = not chunk
        buf, pos = buf[pos:] + chunk, 0
        return bool(chunk)

    while not (m := _FEATURES.search(buf)):
        if not more():
            raise IntakeError(f"{path} is not a GeoJSON FeatureCollection (no \"features\" "
                              "array). Fix: wrap features in {\"type\": \"FeatureCollection\", "
                              "\"features\": [...]}, or use JSON Lines.")
    pos = m.end()
    decoder = json.JSONDecoder()
    n = 0
    while True:
        pos = _SKIP.match(buf, pos).end()  # type: ignore[union-attr]
        if pos >= len(buf):
            if not more():
                raise IntakeError(f"{path}: the features array is not closed. Fix: check "
                                  "the file is complete.")
            continue
        if buf[pos] == "]":
            return
        try:
            feature, end = decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if not eof and len(buf) - pos < 64 * _CHUNK and more():
                continue
            n += 1
            yield RawRow(row=n, raw=buf[pos:pos + RAW_CAP], problem=(
                f"invalid JSON in feature {n}: {exc.msg}; the features after it cannot be "
                "read. Fix: repair the file (e.g. validate it with a GeoJSON linter)", None))
            return
        except RecursionError:
            yield RawRow(row=n + 1, raw=buf[pos:pos + RAW_CAP], problem=(
                f"feature {n + 1} is nested too deeply to read; the features after it cannot "
                "be read. Fix: flatten the feature's properties", None))
            return
        pos = end
        n += 1
        counter.tick()
        yield _feature_row(n, feature)
        if header_only:
            return


def _feature_row(n: int, feature: Any) -> RawRow:
    compact = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))[:RAW_CAP]
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return RawRow(row=n, raw=compact, problem=(
            "not a Feature: each element of `features` must have \"type\": \"Feature\". "
            "Fix: wrap it as a Feature with geometry and properties", None))
    props = feature.get("properties") or {}
    values = flatten(props) if isinstance(props, dict) else {}
    if feature.get("id") is not None:
        values.setdefault("id", str(feature["id"]))
    geometry = feature.get("geometry")
    values.setdefault("geometry", json.dumps(geometry, ensure_ascii=False,
                                             separators=(",", ":")) if geometry else "")
    virtual, problem = _geometry_columns(geometry)
    return RawRow(row=n, values=values, virtual=virtual, raw=compact, problem=problem)


def _geometry_columns(geometry: Any) -> tuple[dict[str, str], tuple[str, str | None] | None]:
    if not geometry:
        return {}, None
    from shapely.errors import GEOSException
    from shapely.geometry import shape

    kind = geometry.get("type", "?") if isinstance(geometry, dict) else "?"
    try:
        shp = shape(geometry)
        point = shp if kind == "Point" else shp.centroid
        lon, lat = point.x, point.y
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return {}, (f"bad geometry: {kind} cannot be read ({exc}). Fix: use RFC 7946 "
                    "geometry with [lon, lat] coordinates", "geometry")
    virtual = {"@lon": repr(lon), "@lat": repr(lat), "@geometry_type": kind}
    if kind != "Point":
        virtual["@precision"] = "2"
        virtual["@note"] = f"centroid of a {kind} geometry"
    return virtual, None
