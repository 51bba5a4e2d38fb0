"""Reading texts: plain text, HTML (via trafilatura) and the ``KEY: value`` header format."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from truceline.domain import Report
from truceline.errors import IntakeError, Problem
from truceline.textintake._document import TextDocument
from truceline.textintake._language import LANGUAGES, segment_text
from truceline.textintake._mt import find_mt_fragments

HEADER_KEYS = ("SOURCE_URL", "TITLE", "PUBLISHED", "LANGUAGE", "OUTLET", "NOTE")
_HEADER_LINE = re.compile(r"^([A-Z][A-Z_]{1,30}):\s?(.*)$")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/\-.]|$)")
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,]|\s*(?:-?(?:th|й|го|ї|р|рок|год)\b))")
_URL_YEAR = re.compile(r"/(20\d{2}|19\d{2})/(\d{1,2})-(\d{1,2})\b")


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[re.Pattern[str], ...]:
    text = resources.files("truceline.textintake").joinpath("data/boilerplate.yaml").read_text(
        encoding="utf-8")
    return tuple(re.compile(p, re.IGNORECASE) for p in yaml.safe_load(text)["lines"])


def parse_header(text: str, *, file: str | None = None) -> tuple[dict[str, str], str]:
    """Split a ``KEY: value`` header ended by a ``---`` line from the body.

    Returns ``({}, text)`` when the text does not start with a header line.

    Raises
    ------
    IntakeError
        When header lines start the text but no ``---`` line ends them.
    """
    lines = text.split("\n")
    if not lines or not _HEADER_LINE.match(lines[0]) or lines[0].split(":")[0] not in HEADER_KEYS:
        return {}, text
    header: dict[str, str] = {}
    for i, line in enumerate(lines[:40]):
        if line.strip() == "---":
            return header, "\n".join(lines[i + 1:])
        m = _HEADER_LINE.match(line)
        if m is None:
            raise IntakeError("Header is not closed.", problems=[Problem(
                file=file, line=i + 1, path="header",
                message=f"line {line[:60]!r} is neither 'KEY: value' nor '---'",
                fix="end the header with a line holding only '---'")])
        header[m.group(1)] = m.group(2).strip()
    raise IntakeError("Header is not closed.", problems=[Problem(
        file=file, line=1, path="header", message="no '---' line within the first 40 lines",
        fix="end the header with a line holding only '---'")])


def _date_from(value: str, pattern: re.Pattern[str]) -> date | None:
    for m in pattern.finditer(value):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def _year_hint(header: dict[str, str], body: str, name: str,
               url: str | None) -> tuple[int | None, str]:
    """The year a day-month date takes when no reference date is known, and its origin.

    Years stated in the header's PUBLISHED note, the title, the source URL, the body (the
    latest year the body names) and the file name, in that order of trust.
    """
    now = datetime.now(UTC).year + 1
    sources = (("publication note", header.get("PUBLISHED", "")),
               ("title", header.get("TITLE", "")), ("source URL", url or ""),
               ("body", body), ("file name", name))
    for note, text in sources:
        years = [int(y) for y in _YEAR.findall(text) if 1990 <= int(y) <= now]
        if years:
            return max(years), f"year from {note}"
    return None, ""


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise IntakeError(f"{name}: cannot tell the text encoding.", problems=[Problem(
                file=name, message="the bytes are not UTF-8 and no encoding fits",
                fix="save the file as UTF-8")]) from None
        return str(best)


def _is_html(text: str, name: str, media_type: str | None) -> bool:
    if media_type:
        return "html" in media_type
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def _from_html(text: str, name: str) -> tuple[dict[str, str], str]:
    import trafilatura

    body = trafilatura.extract(text, include_comments=False, include_tables=False,
                               favor_precision=True)
    if body is None:
        raise IntakeError(f"{name}: no article text found in the HTML page.", problems=[Problem(
            file=name, message="trafilatura found only boilerplate",
            fix="pass the article as plain text instead")])
    meta = trafilatura.extract_metadata(text)
    header: dict[str, str] = {}
    if meta is not None:
        for key, attr in (("TITLE", "title"), ("PUBLISHED", "date"), ("SOURCE_URL", "url"),
                          ("OUTLET", "sitename")):
            value = getattr(meta, attr, None)
            if value:
                header[key] = str(value)
    return header, body


def _clean(body: str, extra: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    patterns = _boilerplate() + tuple(re.compile(p, re.IGNORECASE) for p in extra)
    kept: list[str] = []
    dropped: list[str] = []
    for line in body.split("\n"):
        if line.strip() and any(p.match(line.strip()) for p in patterns):
            dropped.append(line.strip())
        else:
            kept.append(line.rstrip())
    return "\n".join(kept).strip("\n"), tuple(dropped)


def read_text(source: str | Path | bytes, *, name: str | None = None,
              media_type: str | None = None, source_id: str = "unknown",
              published: date | None = None, boilerplate: tuple[str, ...] = (),
              languages: tuple[str, ...] = LANGUAGES) -> TextDocument:
    """Read one text (a path or its bytes) into a :class:`TextDocument`.

    Parameters
    ----------
    source
        A file path, or the raw bytes of the text.
    name
        The report's name (defaults to the file name).
    media_type
        ``text/plain`` or ``text/html``; guessed from the name and content when omitted.
    published
        Publication date, overriding the header's.
    boilerplate
        Extra regular expressions for whole lines to drop as scraping residue.
    languages
        The languages lingua chooses between for each segment.
    """
    if isinstance(source, bytes):
        data, name = source, name or "<bytes>"
    else:
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IntakeError(f"Cannot read {path}: {exc.strerror}.", problems=[Problem(
                file=str(path), message=str(exc.strerror), fix="check the path")]) from exc
    text = _decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    is_html = _is_html(text, name, media_type)
    header, body = _from_html(text, name) if is_html else parse_header(text, file=name)
    body, dropped = _clean(body, boilerplate)
    pub_value = header.get("PUBLISHED", "")
    stated = published or (_date_from(pub_value[:10], _ISO) if pub_value else None)
    reference, note = stated, "published" if stated else ""
    url = header.get("SOURCE_URL") or None
    if reference is None and url:
        reference = _date_from(url, _URL_DATE) or _date_from(url, _URL_YEAR)
        note = "date in source URL" if reference else ""
    if reference is None and pub_value:
        found = list(_ISO.finditer(pub_value))
        reference = _date_from(found[-1].group(), _ISO) if found else None
        note = "approximate date in header" if reference else ""
    hint, hint_note = (reference.year, "year of the reference date") if reference else \
        _year_hint(header, body, name, url)
    segments = segment_text(body, languages)
    lang_header = header.get("LANGUAGE", "").split(" ")[0].strip().lower() or None
    if lang_header is None:
        weights: Counter[str] = Counter()
        for s in segments:
            if s.language:
                weights[s.language] += len(s.text)
        lang_header = weights.most_common(1)[0][0] if weights else None
    report = Report(content=data, source_id=source_id,
                    media_type="text/html" if is_html else "text/plain", origin=name,
                    received_at=datetime.now(UTC),
                    published_at=datetime(stated.year, stated.month, stated.day, tzinfo=UTC)
                    if stated else None, language=lang_header, title=header.get("TITLE", ""))
    return TextDocument(report=report, name=name, body=body, segments=segments,
                        language=lang_header, published=stated, reference=reference,
                        reference_note=note, year_hint=hint, year_note=hint_note,
                        title=header.get("TITLE", ""), url=url,
                        outlet=header.get("OUTLET"), header=header,
                        mt_fragments=find_mt_fragments(body), boilerplate=dropped)
