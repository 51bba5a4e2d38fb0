"""Reading a place phrase as written: names, stated regions, country, precision hints.

``"the villages of Novodanylivka in Zaporizhzhia Oblast"`` gives the name
``Novodanylivka`` and the region Zaporizhzhia Oblast; ``"на Покровському напрямку"`` gives
``Покровському`` with precision 2 (a direction); ``"в Шебекинском районе"`` a district.
Names are runs of capitalised words (or words in «quotes»); function words, all-caps
abbreviations and country names are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from truceline.geocoding._normalise import skeleton, words
from truceline.geocoding._regions import Region, country_word, is_region_word, region_table

__all__ = ["Mention", "parse"]

# Words (or prefixes ending in '*') that make a place approximate, or mark a district.
_NEAR_WORDS = ("near", "around", "outskirt*", "vicinit*", "area", "areas", "біля", "поблизу",
               "під", "под", "возле", "около", "околиц*", "окрестност*", "районі", "районе",
               "напрям*", "направлени*", "direction*", "district*", "sector*", "suburb*",
               "окраїн*", "окраин*", "передмісті")
_DISTRICT_WORDS = ("район*", "district*", "rayon*", "raion*", "округ*")


def _patterns(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(skeleton(w.rstrip("*")) + ("*" if w.endswith("*") else "") for w in items)


_NEAR = _patterns(_NEAR_WORDS)
_DISTRICT = _patterns(_DISTRICT_WORDS)
_STOP = frozenset(skeleton(w) for w in (
    "the", "a", "an", "of", "in", "on", "at", "near", "and", "or", "to", "from", "by", "over",
    "there", "this", "that", "its", "is", "no", "not", "stated", "city", "town", "village",
    "villages", "settlement", "oblast", "region", "в", "у", "на", "по", "під", "под", "біля",
    "возле", "и", "і", "та", "с", "з", "із", "місто", "город", "село", "селище", "поселок",
    "посёлок", "смт", "пгт",
))


def _match(word_key: str, patterns: tuple[str, ...]) -> bool:
    return any(word_key.startswith(p[:-1]) if p.endswith("*") else word_key == p
               for p in patterns)


@dataclass
class Mention:
    """What a phrase says about a place."""

    names: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    precision: int = 1
    district: bool = False


_QUOTED = re.compile(r"[«“\"]([^»”\"]+)[»”\"]")


def _is_name_word(w: str) -> bool:
    if not w[:1].isupper():
        return False
    if w.isupper() and len(w) <= 4:  # НПЗ, РФ, ОТУ (abbreviations)
        return False
    return skeleton(w) not in _STOP


def parse(text: str) -> Mention:
    """Read a phrase.

    Examples
    --------
    >>> m = parse("Izyum in the Kharkiv region")
    >>> m.names, [r.name for r in m.regions]
    (['Izyum'], ['Kharkiv Oblast'])
    """
    table = region_table()
    out = Mention()
    quoted = {w for q in _QUOTED.findall(text) for w in words(q)}
    toks = words(text)
    keys = [skeleton(t) for t in toks]
    runs: list[list[int]] = []
    current: list[int] = []
    for i, tok in enumerate(toks):
        key = keys[i]
        if _match(key, _NEAR):
            out.precision = 2
        code = country_word(tok)
        if code:
            out.countries.append(code)
        if is_region_word(tok):
            if current:
                runs.append(current)
            runs.append([-i - 1])  # marker: a region word at i
            current = []
            continue
        if (_is_name_word(tok) or tok in quoted) and not code:
            current.append(i)
            continue
        if current:
            runs.append(current)
            current = []
        if not tok[:1].isupper() and _match(key, _DISTRICT) and runs and runs[-1][0] >= 0:
            out.district = True
    if current:
        runs.append(current)
    names: list[str] = []
    pending: list[int] | None = None
    for run in runs:
        if run[0] < 0:  # region word: the run before it (if any) is a region name
            if pending:
                region = table.match(toks[pending[-1]])
                if region is not None:
                    out.regions.append(region)
                    if pending[:-1]:
                        names.append(" ".join(toks[i] for i in pending[:-1]))
                else:
                    names.append(" ".join(toks[i] for i in pending))
                pending = None
            continue
        if pending:
            names.append(" ".join(toks[i] for i in pending))
        pending = run
    if pending:
        names.append(" ".join(toks[i] for i in pending))
    if not names and not out.regions and toks and not any(t[:1].isupper() for t in toks):
        names = [" ".join(t for t, k in zip(toks, keys, strict=True) if k not in _STOP)]
    out.names = [n for n in names if n]
    if out.district:
        out.precision = 2
    return out
