"""Name keys that survive apostrophes, case, diacritics, scripts and transliteration systems.

A *skeleton* is a lossy Latin key: Cyrillic is transliterated, Latin spellings of the same
sounds are folded onto one letter (``kh``/``h``/``g`` → ``h``, ``y``/``j``/``i`` → ``i``,
``ts``/``tz`` → ``c``, ``zh`` → ``ž``…), apostrophes and soft signs vanish, and doubled
letters collapse. ``Kupiansk``, ``Kupyansk``, ``Kupjansk``, ``Купʼянськ`` and ``Купянск``
all become ``kupiansk``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["display_clean", "join_keys", "skeleton", "words"]

_APOSTROPHES = "'’ʼ`‘′ʹ´ʻ\u02bc"
_DROP = dict.fromkeys(map(ord, _APOSTROPHES + "ьъЬЪ"), None)

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "h", "д": "d", "е": "e", "ё": "e",
    "є": "ie", "ж": "ž", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "ш": "š", "щ": "šč", "ы": "i",
    "э": "e", "ю": "iu", "я": "ia",
}
_TO_QUOTE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_EXTRA = {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i"}
# One table for the lower-cased text: apostrophes and soft/hard signs dropped, Cyrillic
# transliterated (dropping before or after lower-casing is the same: the dropped
# characters are their own lower case, or lower-case to a dropped one).
_LOWER_TABLE = str.maketrans({**{chr(k): v for k, v in _DROP.items()}, **_CYR, **_EXTRA})

_PASS1 = re.compile(r"kh|gh|g")
_PASS2 = re.compile(r"shch|zh|ch|sh|tz|ts|ph|y|j|w|x|q")
_PASS2_MAP = {
    "shch": "šč", "zh": "ž", "ch": "č", "sh": "š", "tz": "c", "ts": "c", "ph": "f",
    "y": "i", "j": "i", "w": "v", "x": "ks", "q": "k",
}
_CARON = re.compile("([csz])\u030c")
_CARON_MAP = {"c": "\x01", "s": "\x02", "z": "\x03"}
_BACK = str.maketrans({"\x01": "č", "\x02": "š", "\x03": "ž"})
_NEEDS_NFD = re.compile(r"[^\x00-\x7fčšž]")
_NON_KEY = re.compile(r"[^a-z0-9čšž]+")
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[\w" + _APOSTROPHES + r"-]+", re.UNICODE)


def _pass2(m: re.Match[str]) -> str:
    return _PASS2_MAP[m.group(0)]


def _caron(m: re.Match[str]) -> str:
    return _CARON_MAP[m.group(1)]


def _single(m: re.Match[str]) -> str:  # a function: cheaper than the template r"\1"
    return m.group(1)


@lru_cache(maxsize=1_000_000)
def skeleton(text: str) -> str:
    """The lookup key of a name.

    Parameters
    ----------
    text
        A place name in any script or transliteration.

    Returns
    -------
    str
        A lower-case Latin skeleton; empty when nothing of the name is left.

    Examples
    --------
    >>> {skeleton(n) for n in ["Kupiansk", "Kupyansk", "Kupjansk", "Купʼянськ", "Купянск"]}
    {'kupiansk'}
    >>> skeleton("Kryvyi Rih") == skeleton("Кривий Ріг")
    True
    """
    s = text.lower().translate(_LOWER_TABLE)
    if not s.isascii() and _NEEDS_NFD.search(s):
        s = unicodedata.normalize("NFD", s)
        s = _CARON.sub(_caron, s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_BACK)
    s = _PASS1.sub("h", s)
    s = _PASS2.sub(_pass2, s)
    s = _NON_KEY.sub("", s)
    return _DOUBLE.sub(_single, s)


def join_keys(keys: list[str]) -> str:
    """The skeleton of words joined by spaces, from the skeletons of the words.

    Every step of :func:`skeleton` works on one character or on letters within a word
    (the space between words is dropped last), except the collapse of doubled letters,
    which can meet across the join: so ``skeleton(" ".join(ws))`` equals
    ``join_keys([skeleton(w) for w in ws])``, without building and transliterating the
    phrase.

    Examples
    --------
    >>> join_keys([skeleton("Kryvyi"), skeleton("Rih")]) == skeleton("Kryvyi Rih")
    True
    >>> join_keys(["novo", "oleksiivka"])
    'novoleksiivka'
    """
    out = ""
    for k in keys:
        if k:
            out += k[1:] if out and out[-1] == k[0] else k
    return out


def display_clean(text: str) -> str:
    """Collapse whitespace and unify apostrophes to ``'`` (for display, not for keys).

    Examples
    --------
    >>> display_clean("  Куп’янськ ")
    "Куп'янськ"
    """
    return " ".join(text.translate(_TO_QUOTE).split())


def words(text: str) -> list[str]:
    """Word tokens of a phrase (letters, digits, apostrophes and inner hyphens).

    Examples
    --------
    >>> words("near the Krasnodar region village of Kavkazskaya")[-1]
    'Kavkazskaya'
    """
    if "-" not in text:  # nothing to strip, and a match is never empty
        return _WORD.findall(text)
    return [w.strip("-") for w in _WORD.findall(text) if w.strip("-")]
