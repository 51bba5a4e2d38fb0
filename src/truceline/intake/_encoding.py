"""Encoding detection: BOM first, then strict UTF-8, then charset-normalizer on a sample.

The whole file is checked for UTF-8 in fixed-size chunks (memory does not grow with the
file). When it is not UTF-8, the lines holding non-ASCII bytes (up to 64 KiB of them) are
handed to charset-normalizer. When a Western single-byte guess decodes the sample exactly
as cp1252 does, cp1252 is reported: the two cannot be told apart on that sample and cp1252
is by far the more common (the UCDP GED export is cp1252).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from truceline.errors import IntakeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHUNK = 1 << 20
_SAMPLE = 1 << 16
_PREFERRED = ("cp1252",)


@dataclass(frozen=True, kw_only=True)
class Encoding:
    """The detected encoding of a file and how it was found."""

    name: str
    how: str
    bom: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.how})"


def detect_encoding(path: Path) -> Encoding:
    """Detect the text encoding of ``path``.

    Parameters
    ----------
    path
        The file to inspect.

    Returns
    -------
    Encoding
        The codec name to open the file with (``utf-8-sig``/``utf-16``/``utf-32`` when a
        BOM was found, so the BOM is consumed) and how it was found.

    Raises
    ------
    IntakeError
        When no encoding fits.
    """
    with path.open("rb") as f:
        head = f.read(4)
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name=name, how="byte-order mark", bom=True)
    utf16 = _utf16_without_bom(path)
    if utf16:
        return Encoding(name=utf16, how="NUL-byte pattern of UTF-16 without BOM")
    bad_at = _first_invalid_utf8(path)
    if bad_at is None:
        return Encoding(name="utf-8", how="strict UTF-8 check of the whole file")
    sample = _non_ascii_sample(path)
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise IntakeError(
            f"{path}: cannot tell the text encoding (byte {bad_at} is not UTF-8 and "
            "charset-normalizer found no fit). Fix: re-save the file as UTF-8, or set "
            "`encoding:` in the mapping.")
    name = codecs.lookup(best.encoding).name
    for pref in _PREFERRED:
        if name != pref and _decodes_same(sample, name, pref):
            return Encoding(name=pref, how=f"charset-normalizer ({name}, same text as {pref})")
    return Encoding(name=name, how="charset-normalizer on a sample")


def _utf16_without_bom(path: Path) -> str | None:
    with path.open("rb") as f:
        head = f.read(4096)
    if len(head) < 8 or head.count(0) < len(head) // 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd > len(head) // 4 and even < len(head) // 20:
        return "utf-16-le"
    if even > len(head) // 4 and odd < len(head) // 20:
        return "utf-16-be"
    return None


def _first_invalid_utf8(path: Path) -> int | None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    offset = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset + exc.start
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset
    return None


def _non_ascii_sample(path: Path) -> bytes:
    parts: list[bytes] = []
    size = 0
    with path.open("rb") as f:
        for line in f:
            if not line.isascii():
                parts.append(line)
                size += len(line)
                if size >= _SAMPLE:
                    break
    return b"".join(parts)[:_SAMPLE]


def _decodes_same(sample: bytes, a: str, b: str) -> bool:
    try:
        return sample.decode(a) == sample.decode(b)
    except (UnicodeDecodeError, LookupError):
        return False
