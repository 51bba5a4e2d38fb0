"""First-level regions (oblasts, krais, republics): names, aliases and inflected forms.

The table is data (``data/regions.csv``): country, GeoNames admin1 code, ISO 3166-2 code,
canonical English name, admin centre and aliases (English, Ukrainian, Russian, adjectival
and ``-щина`` forms). Any form is matched through :func:`region_stem`, which strips
adjectival and case endings from the skeleton, so ``Курській області``, ``Kursk region``
and ``Курщина`` all find Kursk Oblast.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from truceline.geocoding._normalise import join_keys, skeleton, words

__all__ = ["Region", "RegionTable", "is_region_word", "region_stem", "region_table"]

_DATA = Path(__file__).with_name("data") / "regions.csv"
_ENDING = re.compile(r"(sk|k)?(aia|oiu|oi|oho|omu|om|im|uiu|ia|iu|a|i|e|o|u)?$")
_REGION_WORDS = re.compile(
    r"^(oblast|obl|rehion|krai|kraia|kraiu|kraiem|respubl|narodn|avtonomn|province|okruh"
    r"|provinc|terit)")
_STOP = frozenset({"the", "of", "in", "na", "v", "u", "po", "near", "vo", "at", "z", "iz"})
_COUNTRY_WORDS = {
    "ukraina": "UA", "ukraini": "UA", "ukrain": "UA", "ukraine": "UA", "ukrainu": "UA",
    "rosia": "RU", "rosii": "RU", "rossia": "RU", "rossii": "RU", "russia": "RU", "rf": "RU",
    "rosiiskaiafederacia": "RU", "rossiiskoifederacii": "RU", "belarus": "BY",
}


@dataclass(frozen=True, kw_only=True)
class Region:
    """One first-level region."""

    country: str
    admin1: str
    iso: str
    name: str
    capital: str
    aliases: tuple[str, ...]


def region_stem(text: str) -> str:
    """Skeleton of a region name with adjectival and case endings removed.

    Examples
    --------
    >>> region_stem("Курській") == region_stem("Kursk") == region_stem("Курская")
    True
    """
    s = skeleton(text)
    stem = _ENDING.sub("", s)
    return stem if len(stem) >= 3 else s


def is_region_word(word: str) -> bool:
    """True for words like *oblast*, *region*, *область*, *краю*, *республики*.

    Examples
    --------
    >>> is_region_word("області"), is_region_word("Kharkiv")
    (True, False)
    """
    return bool(_REGION_WORDS.match(skeleton(word)))


def country_word(word: str) -> str | None:
    """ISO code when a word names a country (``Ukraine``, ``Росії``), else ``None``."""
    return _COUNTRY_WORDS.get(skeleton(word))


@lru_cache(maxsize=200_000)
def _word_key(key: str) -> str:
    """``RegionTable._key`` of one word whose skeleton is ``key``."""
    if _REGION_WORDS.match(key) or key in _STOP:
        return ""
    stem = _ENDING.sub("", key)
    return stem if len(stem) >= 3 else key


class RegionTable:
    """Lookup of regions by any alias, code or inflected form."""

    def __init__(self, regions: list[Region]):
        self.regions = tuple(regions)
        self._by_stem: dict[str, Region] = {}
        self._by_code: dict[tuple[str, str], Region] = {}
        self._by_name: dict[str, Region] = {}
        for region in regions:
            self._by_code[(region.country, region.admin1)] = region
            self._by_name[region.name] = region
            for alias in (region.name, *region.aliases):
                key = self._key(alias)
                if key:
                    self._by_stem.setdefault(key, region)

    @staticmethod
    def _key(text: str) -> str:
        if "_" not in text:
            toks = words(text)
            if len(toks) == 1:  # one word: its key depends on its skeleton alone
                return _word_key(skeleton(toks[0]))
        # region_stem of the kept words joined by spaces, from the words' keys (cached
        # per word) rather than the key of a new phrase: join_keys gives the same key
        kept = [k for k in map(skeleton, words(text.replace("_", " ")))
                if not _REGION_WORDS.match(k) and k not in _STOP]
        if not kept:
            return ""
        joined = join_keys(kept)
        stem = _ENDING.sub("", joined)
        return stem if len(stem) >= 3 else joined

    def match(self, text: str | None) -> Region | None:
        """The region a free-text name denotes (``"Sumy Oblast"``, ``"Курщині"``), or ``None``."""
        if not text:
            return None
        if text in self._by_name:
            return self._by_name[text]
        return self._by_stem.get(self._key(text))

    def by_code(self, country: str, admin1: str) -> Region | None:
        """The region with this GeoNames admin1 code."""
        return self._by_code.get((country, admin1))

    def by_name(self, name: str) -> Region | None:
        """The region with this canonical name."""
        return self._by_name.get(name)


@lru_cache(maxsize=1)
def region_table() -> RegionTable:
    """The packaged region table (cached)."""
    with _DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    regions = [
        Region(country=r["country"], admin1=r["admin1"], iso=r["iso"], name=r["name"],
               capital=r["capital"], aliases=tuple(a for a in r["aliases"].split("|") if a))
        for r in rows
    ]
    return RegionTable(regions)
