"""The values text intake produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from truceline.domain import Report


@dataclass(frozen=True, kw_only=True)
class Segment:
    """A run of body text in one language.

    ``start``/``end`` are character offsets into :attr:`TextDocument.body`; ``paragraph``
    numbers the paragraph (blank-line or line separated) the segment belongs to.
    ``language`` is an ISO 639-1 code (``en``, ``uk``, ``ru``, ``zh``) or ``None`` when too
    short to tell.
    """

    text: str
    start: int
    end: int
    language: str | None
    paragraph: int = 0


@dataclass(frozen=True, kw_only=True)
class TextDocument:
    """A report read for extraction.

    ``published`` is the publication date the source states (``None`` when unknown);
    ``reference`` is the date relative expressions are resolved against: ``published``,
    else a date in the source URL, else an approximate date given in the header
    (``reference_note`` says which). ``year_hint`` is the year a day-month date with no
    year takes when there is no reference date: a year stated in the header, title, source
    URL, body or file name, in that order (``year_note`` says which). ``mt_fragments``
    are untranslated leftovers; ``boilerplate`` the scraping residue dropped from ``body``.
    """

    report: Report
    name: str
    body: str
    segments: tuple[Segment, ...]
    language: str | None
    published: date | None = None
    reference: date | None = None
    reference_note: str = ""
    year_hint: int | None = None
    year_note: str = ""
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    header: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    mt_fragments: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()

    @property
    def quality_flags(self) -> tuple[str, ...]:
        """Quality flags: ``mt_leftovers`` when untranslated fragments were found, etc."""
        flags = []
        if self.mt_fragments:
            flags.append("mt_leftovers")
        if self.boilerplate:
            flags.append("boilerplate_removed")
        if self.published is None:
            flags.append("published_unknown")
        return tuple(flags)
