"""Machine-translation leftovers: untranslated fragments inside translated text."""

from __future__ import annotations

import re

from truceline.textintake._language import HAN, detect_language

# A Han run with any Latin or Cyrillic letters glued to it ("Elmen多夫").
_FRAGMENT = re.compile(rf"[A-Za-zА-Яа-яІіЇїЄєҐґ]*[{HAN}][{HAN}·]*[A-Za-zА-Яа-яІіЇїЄєҐґ]*")


def find_mt_fragments(body: str) -> tuple[str, ...]:
    """Untranslated fragments: Han-script runs inside lines written in another language.

    Lines that are wholly in Han script are not leftovers (they are text in that
    language, e.g. an original caption); runs embedded in an English, Ukrainian or
    Russian line are. Each fragment is listed once, in order of appearance.

    Examples
    --------
    >>> find_mt_fragments("Russian troops use small groups to渗透 the positions.")
    ('渗透',)
    """
    found: list[str] = []
    for line in body.split("\n"):
        if not re.search(rf"[{HAN}]", line) or detect_language(line) == "zh":
            continue
        for m in _FRAGMENT.finditer(line):
            if m.group() not in found:
                found.append(m.group())
    return tuple(found)
