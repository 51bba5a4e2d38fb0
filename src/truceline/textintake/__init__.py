"""Text intake: read plain text, HTML and the ``news_dev`` header format into a TextDocument.

A :class:`TextDocument` is a :class:`~truceline.domain.Report` (the verbatim bytes) plus
what extraction needs: the body text, its segments with a language each (``en``, ``uk``,
``ru``; Han-script runs as ``zh``), the header metadata, and machine-translation leftovers.
"""

from __future__ import annotations

from truceline.textintake._document import Segment, TextDocument
from truceline.textintake._language import detect_language, segment_text
from truceline.textintake._mt import find_mt_fragments
from truceline.textintake._reader import parse_header, read_text

__all__ = [
    "Segment",
    "TextDocument",
    "detect_language",
    "find_mt_fragments",
    "parse_header",
    "read_text",
    "segment_text",
]
