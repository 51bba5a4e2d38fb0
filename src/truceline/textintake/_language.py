"""Language of each segment: lingua limited to the languages in play, Han runs by script."""

from __future__ import annotations

import re
from functools import lru_cache

from truceline.textintake._document import Segment

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(rf"[{HAN}](?:[{HAN}\u3000-\u303f\uff00-\uffef0-9·]*[{HAN}\u3002\uff09])?")
_HAN_CHAR = re.compile(rf"[{HAN}]")
_UK_ONLY = re.compile(r"[іІїЇєЄґҐ]")
_RU_ONLY = re.compile(r"[ыЫэЭъЪёЁ]")
# Letters, Latin letters, Cyrillic letters, Han characters: counted as the length of the
# text once their complement class is removed (one C pass, no list of matches).
_NOT_HAN = re.compile(rf"[^{HAN}]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_LATIN = re.compile(r"[^a-zA-Z]+")
_NOT_CYR = re.compile(r"[^а-яА-ЯёЁіІїЇєЄґҐ]+")


def _count(rest: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` are not in ``rest`` (a complement class)."""
    return len(rest.sub("", text))


def _by_script(text: str, languages: tuple[str, ...]) -> str | None:
    """The language when the script alone decides it among en/uk/ru, else ``None``.

    Latin-only text is English when English is the only Latin-script candidate; Cyrillic
    text with letters only Ukrainian uses (і ї є ґ) and none only Russian uses (ы э ъ ё)
    is Ukrainian, and the reverse Russian. Anything else goes to lingua.
    """
    if set(languages) - {"en", "uk", "ru"}:
        return None
    latin = _count(_NOT_LATIN, text)
    cyr = _count(_NOT_CYR, text)
    if cyr == 0 and latin and "en" in languages:
        return "en"
    if cyr < 3 * latin:
        return None
    uk, ru = bool(_UK_ONLY.search(text)), bool(_RU_ONLY.search(text))
    if uk != ru and (("uk" if uk else "ru") in languages):
        return "uk" if uk else "ru"
    return None

LANGUAGES: tuple[str, ...] = ("en", "uk", "ru")
"""Languages lingua chooses between (Han-script text is told apart by script, as ``zh``)."""


@lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in languages]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    """The language of ``text``: ``zh`` when mostly Han script, else lingua's choice.

    Returns ``None`` for text with fewer than three letters.

    Examples
    --------
    >>> detect_language("У ніч на 21 березня станція зазнала атаки")
    'uk'
    >>> detect_language("当地时间8月18日,乌克兰哈尔科夫")
    'zh'
    """
    letters = _count(_NOT_LETTER, text)
    if letters < 3:
        return None
    han = _count(_NOT_HAN, text) if _HAN_CHAR.search(text) else 0
    if han * 2 >= letters:
        return "zh"
    rest = _HAN_CHAR.sub(" ", text) if han else text
    quick = _by_script(rest, tuple(languages))
    if quick is not None:
        return quick
    found = _detector(tuple(languages)).detect_language_of(rest)
    return found.iso_code_639_1.name.lower() if found is not None else None


def segment_text(body: str, languages: tuple[str, ...] = LANGUAGES) -> tuple[Segment, ...]:
    """Split ``body`` into language segments: one per line, Han runs inside a line apart.

    A line that is mostly Han script is one ``zh`` segment; a Han run inside a line in
    another language becomes its own ``zh`` segment, and the rest of the line keeps the
    line's language.
    """
    segments: list[Segment] = []
    pos = 0
    paragraph = -1
    for raw in body.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip():
            continue
        paragraph += 1
        lang = detect_language(raw, languages)
        if lang == "zh" or not _HAN_CHAR.search(raw):
            segments.append(Segment(text=raw, start=start, end=end, language=lang,
                                    paragraph=paragraph))
            continue
        cursor = 0
        for m in HAN_RUN.finditer(raw):
            if m.start() > cursor and raw[cursor:m.start()].strip():
                segments.append(Segment(text=raw[cursor:m.start()], start=start + cursor,
                                        end=start + m.start(), language=lang,
                                        paragraph=paragraph))
            segments.append(Segment(text=m.group(), start=start + m.start(),
                                    end=start + m.end(), language="zh", paragraph=paragraph))
            cursor = m.end()
        if raw[cursor:].strip():
            segments.append(Segment(text=raw[cursor:], start=start + cursor, end=end,
                                    language=lang, paragraph=paragraph))
    return tuple(segments)
