"""Base forms of inflected place names: pymorphy3 (uk, ru) plus suffix rules.

``base_forms("Купʼянськом")`` yields candidate base forms in order of trust; the resolver
takes the first one the gazetteer knows. pymorphy3 analysers are loaded lazily, once per
process. The suffix rules cover names the dictionaries do not know and the adjectival forms
used for districts and military directions (``Покровському напрямку`` → ``Покровськ``).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

__all__ = ["base_forms", "geo_base_forms", "is_adjectival", "rule_forms", "sk_bases"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = re.compile(r"[іїєґʼ]")
_RU_ONLY = re.compile(r"[ыэёъ]")


def _langs(low: str) -> tuple[str, ...]:
    """The analysers worth asking: letters only Ukrainian or only Russian decide."""
    if _UK_ONLY.search(low):
        return ("uk",)
    if _RU_ONLY.search(low):
        return ("ru",)
    return ("uk", "ru")

# Adjectival endings after -ськ-/-ск- (district and direction adjectives), longest first.
_SK_ADJ = re.compile(
    r"(ськ|цьк|зьк|ск|цк)(ого|ому|ими|их|им|ій|ий|ої|ою|ою|ую|ая|ое|ой|ом|ие|ые|ий|ій|ьому"
    r"|а|е|і|у|я|и|ы)$")
# Other adjective-like endings (Золотого, Степового, Яровая).
_ADJ = re.compile(r"(ого|его|ому|ему|ими|ыми|ої|ій|ий|ый|ой|ою|ую|ая|яя|ое|ее|ом|ем|е|а|і)$")
# Noun case endings (Купʼянськом, Горловки, Николаеве, Виннице, Пикуз).
_NOUN = re.compile(r"(ами|ями|ові|еві|ою|ею|ом|ем|ах|ях|ів|ей|ой|ий|а|я|у|ю|і|е|и|ы|о)$")

_ALTERNATION = re.compile(r"([оеєї])в$")
_VELAR = {"ц": "к", "з": "г", "с": "х"}
_SK_BASES = ("ськ", "", "ка", "е", "о", "и", "а", "ське", "ское")
_ADJ_BASES = ("е", "о", "ое", "а", "ая", "ий", "ый", "ой", "ів", "ев", "ов", "")
_NOUN_BASES = ("", "а", "я", "е", "о", "и", "ы", "ь", "ка", "і")

_ADJECTIVE_TAIL = re.compile(
    r"(ськ|цьк|зьк|ск|цк|ов|ев|ів|ин|ин)(ого|ому|ий|ій|ая|ої|ою|ое|ой|ом|ым|ым|им|ому|а|е|і|у)$"
    r"|(ський|ська|ське|ский|ская|ское)$", re.IGNORECASE)


def is_adjectival(word: str) -> bool:
    """True when a Cyrillic word looks like an adjective (``Покровському``, ``Курской``).

    Examples
    --------
    >>> is_adjectival("Покровському"), is_adjectival("Покровськ")
    (True, False)
    """
    return bool(_ADJECTIVE_TAIL.search(word.replace("ʼ", "'")))


@lru_cache(maxsize=2)
def _analyser(lang: str) -> Any:
    import pymorphy3  # lazy: loading dictionaries takes ~0.3 s each

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=50_000)
def _parses(low: str) -> tuple[tuple[str, bool], ...]:
    """(normal form, geographic?) of the top four parses per analyser worth asking.

    One pymorphy3 call per word and language, shared by :func:`_morph_forms` and
    :func:`geo_base_forms` (the analysis is the expensive part of both).
    """
    out: list[tuple[str, bool]] = []
    for lang in _langs(low):
        for parse in _analyser(lang).parse(low)[:4]:
            out.append((parse.normal_form, "Geox" in parse.tag.grammemes))
    return tuple(out)


@lru_cache(maxsize=50_000)
def _morph_forms(word: str) -> tuple[str, ...]:
    forms: list[str] = []
    low = word.lower()
    for nf, geo in _parses(low):
        if nf != low and nf not in forms:
            forms.insert(0, nf) if geo else forms.append(nf)
    return tuple(forms)


@lru_cache(maxsize=50_000)
def sk_bases(word: str) -> frozenset[str]:
    """Town names an ``-ськ-`` adjective points to (``Покровському`` → ``покровськ``).

    Examples
    --------
    >>> sorted(sk_bases("Сіверському"))
    ['сіверськ']
    """
    low = word.lower().replace("'", "ʼ").replace("’", "ʼ")
    m = _SK_ADJ.search(low)
    return frozenset({low[: m.start()] + m.group(1)}) if m else frozenset()


@lru_cache(maxsize=50_000)
def geo_base_forms(word: str) -> tuple[str, ...]:
    """Normal forms the dictionaries tag as geographic names (``Луганске`` → ``луганск``).

    Examples
    --------
    >>> geo_base_forms("Луганске")
    ('луганск',)
    """
    if not _CYRILLIC.search(word):
        return ()
    low = word.lower()
    return tuple(dict.fromkeys(nf for nf, geo in _parses(low) if geo and nf != low))


def _rule_forms(low: str) -> list[str]:
    out: list[str] = []
    m = _SK_ADJ.search(low)
    if m:
        stem = low[: m.start()]
        suffix = m.group(1)
        out += [stem + (suffix if b == "ськ" else b) for b in _SK_BASES]
    m = _NOUN.search(low)
    if m and len(low) - len(m.group(1)) >= 3:
        stem = low[: m.start()]
        out += [stem + b for b in _NOUN_BASES]
        alt = _ALTERNATION.search(stem)
        if alt:  # Києві → Київ (о/е/є → і/ї in the base)
            out.append(stem[: alt.start()] + ("їв" if alt.group(1) in ("є", "ї") else "ів"))
        elif m.group(1) in ("ові", "еві"):  # Харкові → Харків, Львові → Львів
            out.append(stem + "ів")
        if m.group(1) == "і" and stem[-1:] in _VELAR:  # Андріївці → Андріївка (к/ц, г/з, х/с)
            out.append(stem[:-1] + _VELAR[stem[-1]] + "а")
    else:
        out += [low + b for b in ("и", "ы", "а")]
    m = _ADJ.search(low)
    if m and len(low) - len(m.group(1)) >= 3:
        stem = low[: m.start()]
        out += [stem + b for b in _ADJ_BASES]
    return out


@lru_cache(maxsize=50_000)
def rule_forms(word: str) -> tuple[str, ...]:
    """Base forms by suffix rules alone (no dictionary): the cheap first pass.

    Examples
    --------
    >>> "харків" in rule_forms("Харкові")
    True
    """
    if not _CYRILLIC.search(word):
        return ()
    low = word.lower().replace("'", "ʼ").replace("’", "ʼ")
    return tuple(dict.fromkeys(f for f in _rule_forms(low) if f != low))


@lru_cache(maxsize=50_000)
def base_forms(word: str) -> tuple[str, ...]:
    """Candidate base forms of one inflected word, most trusted first (the word excluded).

    Parameters
    ----------
    word
        One word, in any case. Latin words get no candidates.

    Returns
    -------
    tuple of str
        Lower-case candidates: suffix-rule forms for ``-ськ-`` adjectives first, then
        pymorphy3 normal forms (geographic ones first), then the other suffix rules.

    Examples
    --------
    >>> "купʼянськ" in base_forms("Купʼянськом")
    True
    >>> base_forms("Покровському")[0]
    'покровськ'
    """
    if not _CYRILLIC.search(word):
        return ()
    low = word.lower().replace("'", "ʼ").replace("’", "ʼ")
    rules = _rule_forms(low)
    sk_first = rules[: len(_SK_BASES)] if _SK_ADJ.search(low) else []
    ordered: list[str] = []
    for form in (*sk_first, *_morph_forms(low), *rules):
        if form != low and form not in ordered:
            ordered.append(form)
    return tuple(ordered)
