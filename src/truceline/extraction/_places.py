"""Places as written: settlements, facilities, "directions" and regions, with base forms.

No gazetteer here (geocoding is its own stage): a place is the name the text gives, its
base (nominative) form for Ukrainian and Russian, the region and country the text states,
and a precision (1 settlement or facility, 2 direction, 3 region).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from truceline.extraction._lexicon import lexicon, rx, scan

_LAT = r"(?-i:[A-Z][a-z’'ʼ-]*[a-z](?:[- ](?:[A-Z][a-z’'ʼ-]*[a-z]))*)"
_CYR = r"(?-i:[А-ЯІЇЄҐ][а-яіїєґё’'ʼ-]*[а-яіїєґё](?:[- ][А-ЯІЇЄҐ][а-яіїєґё’'ʼ-]*[а-яіїєґё])*)"
_CAP = rf"(?:{_LAT}|{_CYR})"
_ADJ = (r"(?-i:(?:[А-ЯІЇЄҐ][а-яіїєґё]+-)?[А-ЯІЇЄҐ][а-яіїєґё’'ʼ-]*"
        r"(?:ськ|цьк|зьк|ск|цк|зк|ов|ев|ин|ьн)[а-яіїєґё]*)")
# What may stand between a place and the region that qualifies it ("Izyum in the Kharkiv
# region", "Суджа, розташована в Курській області"): no sentence break or conjunction
# ("Kyiv, and drones hit the Kherson region" names two places).
_QUALIFIES = re.compile(r"(?![^.;:!?]*\b(?:and|but|while|и|і|й|та|а|но|але)\b)"
                        r"[^.;:!?]{0,60}", re.IGNORECASE)
_COUNTRY = {"UA": rx(r"ukraine|україн\w*|украин\w*"), "RU": rx(r"russia\b|росі\w*|росси\w*|рф\b")}


# A pattern runs only when one of its key words occurs in the sentence (speed: most
# sentences name no region or direction).
_GATES: dict[str, tuple[str, ...]] = {
    "region_en": ("region", "oblast", "krai", "province"), "front_en": ("front",),
    "in_region": ("region", "oblast"), "region_cyr": ("обл", "кра", "республ"),
    "region_suffix": ("щин", "ччин"), "direction_en": ("direction", "axis", "sector"),
    "direction_cyr": ("напрям", "направлен"), "quoted": ("«",),
}
_GATE_WORDS = tuple(sorted({w for words in _GATES.values() for w in words}))


def is_sector(written: str) -> bool:
    """An operational-tactical group ("ОТУ «Донецьк»"): a military sector, not a region."""
    return written.lower().startswith(("оту", "otu", "осув"))


@dataclass(frozen=True)
class PlaceHit:
    """A place named in a sentence."""

    name: str
    as_written: str
    precision: int
    pos: int
    end: int
    admin1: str | None = None
    country: str | None = None


@lru_cache(maxsize=2)
def _morph(lang: str):  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=8192)
def base_form(text: str, lang: str | None) -> str:
    """The nominative form of a (possibly inflected) Ukrainian or Russian place name.

    Examples
    --------
    >>> base_form("Николаеве", "ru")
    'Николаев'
    """
    if lang not in ("uk", "ru") or not re.search(r"[а-яіїєґ]", text, re.IGNORECASE):
        return re.sub(r"[’'ʼ]s$", "", text)
    out = []
    for word in re.split(r"(\s+|-)", text):
        if not word.strip() or word == "-":
            out.append(word)
            continue
        parses = _morph(lang).parse(word)
        if any("nomn" in str(p.tag) and "sing" in str(p.tag) for p in parses[:3]):
            out.append(word)
            continue
        best = next((p for p in parses if "Geox" in str(p.tag)), parses[0])
        norm = best.normal_form
        out.append(norm[:1].upper() + norm[1:])
    return "".join(out)


@lru_cache(maxsize=4096)
def _adjective_name(adj: str, lang: str | None, noun: str) -> str:
    """'Курській' + 'область' → 'Курська область' (agreement by the noun's gender)."""
    if lang not in ("uk", "ru"):
        return f"{adj} {noun}"
    head, _, adj = adj.rpartition("-")  # "Івано-Франківській": inflect the last part
    parses = _morph(lang).parse(adj)
    best = next((p for p in parses if "ADJF" in str(p.tag)), parses[0])
    gender = "femn" if noun in ("область", "республика", "республіка") else "masc"
    form = best.inflect({gender, "nomn", "sing"}) if "ADJF" in str(best.tag) else None
    word = form.word if form else best.normal_form
    if form is None and gender == "femn":  # an adjective the dictionary lacks
        word = re.sub(r"(ськ|цьк|зьк|ск|цк|зк)(ій|ої|ою|у|ая|ой|ую|ому|им)$", r"\1а", adj)
    word = f"{word[:1].upper()}{word[1:]}"
    return f"{head}-{word} {noun}" if head else f"{word} {noun}"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    p = lexicon().lang["places"]
    stop = rf"(?!(?:{p['stop']})(?![\w-]))"
    return {
        "region_en": rx(
            rf"(?:the\s+)?(?P<n>{_LAT}(?:,\s*{_LAT})*(?:,?\s+and\s+{_LAT}"
            rf")?)\s+(?P<w>regions?|oblasts?|krai|province)\b"
        ),
        # "on the front line in Luhansk": a stretch of front, an area like a region
        "front_en": rx(rf"front(?:[- ]lines?|s)?\s+(?:in|near|of|around)\s+(?:the\s+)?"
                       rf"(?P<n>{_LAT})"),
        "region_cyr": rx(
            rf"(?P<n>{_ADJ})\s+(?:(?:народн\w+)\s+)?(?P<w>област\w*|об"
            rf"л\.|кра[юйе]|республик\w*|республіц\w*|республік\w*)"
        ),
        "region_suffix": rx(rf"(?P<n>(?-i:[А-ЯІЇЄҐ]){p['region_suffix']})"),
        "direction_en": rx(
            rf"(?:the\s+)?(?P<n>{_LAT}(?:\s+and\s+{_LAT})?)\s+(?:direc"
            rf"tions?|axis|sector)\b"
        ),
        "direction_cyr": rx(rf"(?P<n>{_ADJ})\s+(?P<w>напрямк\w*|напрям\w*|направлени\w*)"),
        # (the noun alternations as Scanners: tried only where a noun can start)
        # "the cities of Mariupol and Volnovakha", "селах Боромля, Жигайлівка та Грабовське"
        "settlement": scan(f"{p['settlement_nouns']}|{p['facility_nouns']}",
                           rf",?\s+(?:of\s+)?(?P<n>{_CAP}(?:\s*,\s*{stop}{_CAP})*"
                           rf"(?:\s+(?:and|и|і|й|та)\s+{stop}{_CAP})?)"),
        "in_region": rx(rf"(?P<n>{_LAT})\s+in\s+(?:the\s+)?{_LAT}\s+(?:region|oblast)"),
        "quoted": rx(rf"(?:{p['facility_nouns']}|оту|осув|otu)\s+«(?P<n>[^»]{{2,40}})»"),
        "facility": rx(rf"(?P<n>{_ADJ})\s+(?:[а-яіїєґё]+\s+){{0,2}}(?P<w>{p['facility_nouns']})"),
        "prep": scan(p["prepositions"], rf"\s+{stop}(?P<n>{_CAP}(?:\s*,\s*{stop}"
                     rf"{_CAP})*(?:\s+(?:and|и|і|й|та)\s+{stop}{_CAP})?)"),
        "stop": re.compile(rf"(?:{p['stop']})$", re.IGNORECASE),
    }


def _split_list(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for part in re.split(r"(\s*,\s*|\s+(?:and|и|і|й|та)\s+)", text):
        if part and not re.fullmatch(r"\s*,\s*|\s+(?:and|и|і|й|та)\s+", part):
            out.append((part.strip(), pos))
        pos += len(part)
    return out


def find_places(text: str, lang: str | None) -> list[PlaceHit]:
    """Places named in ``text`` (one sentence), most specific first, in order of appearance.

    A region written right after a settlement ("Izyum in the Kharkiv region") qualifies
    the settlement (its ``admin1``) rather than being a place of its own.
    """
    pats = _patterns()
    taken: list[tuple[int, int]] = []
    hits: list[PlaceHit] = []
    regions: list[PlaceHit] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(name: str, written: str, prec: int, a: int, b: int, into: list[PlaceHit]) -> None:
        written = re.sub(r"[’'ʼ]s$", "", written)
        if pats["stop"].match(written) or len(written) < 3:
            return
        into.append(PlaceHit(name, written, prec, a, b))

    low = text.lower()
    present = {w for w in _GATE_WORDS if w in low}
    skip = {k for k, words in _GATES.items() if present.isdisjoint(words)}
    for key in ("region_en", "front_en", "region_cyr", "region_suffix"):
        if key in skip:
            continue
        for m in pats[key].finditer(text):
            if not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            n = m.group("n")
            if key == "front_en":
                add(n, m.group().strip(), 3, m.start("n"), m.end(), regions)
            elif key == "region_en":
                for part, off in _split_list(n):
                    add(part, f"{part} {m.group('w')}", 3, m.start() + off, m.end(), regions)
            elif key == "region_cyr":
                w = m.group("w").lower()
                noun = "область" if w.startswith("обл") else (
                    "край" if w.startswith("кра") else "республика")
                add(_adjective_name(n, lang, noun), m.group().strip(), 3, m.start(), m.end(),
                    regions)
            else:
                add(base_form(n, lang), n, 3, m.start(), m.end(), regions)
    for key in ("direction_en", "direction_cyr", "quoted", "settlement", "in_region",
                "facility", "prep"):
        if key in skip:
            continue
        for m in pats[key].finditer(text):
            a, b = m.start("n"), m.end("n")
            cut = min((s for s, _ in taken if a < s < b), default=b)
            if not free(a, cut):
                continue
            n = text[a:cut].rstrip(" ,")
            b = a + len(n)
            taken.append((a, b))
            if key == "direction_en":
                for part, off in _split_list(n):
                    add(f"{part} direction", part, 2, a + off, b, hits)
            elif key == "direction_cyr":
                add(_adjective_name(n, lang, "напрямок" if lang == "uk" else "направление"),
                    m.group().strip(), 2, a, m.end(), hits)
            elif key == "quoted":
                # an operational-tactical group covers several directions: region level
                prec = 3 if is_sector(m.group()) else 1
                add(n, m.group().strip(), prec, a, b, hits)
            elif key == "facility":
                stem = re.sub(r"(ськ|цьк|зьк|ск|цк|зк)\w*$", "", n)
                add(stem, f"{n} {m.group('w')}", 1, a, m.end(), hits)
            else:
                for part, off in _split_list(n):
                    add(base_form(part, lang), part, 1, a + off, a + off + len(part), hits)
    out: list[PlaceHit] = []
    used: set[int] = set()
    for h in sorted(hits, key=lambda h: h.pos):
        admin1 = country = None
        for i, r in enumerate(regions):
            if 0 <= r.pos - h.end <= 60 and _QUALIFIES.fullmatch(text[h.end:r.pos]):
                admin1, country = r.name, None
                used.add(i)
                break
        tail = text[h.end:h.end + 60]
        for code, pat in _COUNTRY.items():
            m = pat.search(tail)
            if m and not re.search(r"[.;]", tail[:m.start()]):
                country = code
                break
        out.append(PlaceHit(h.name, h.as_written, h.precision, h.pos, h.end, admin1, country))
    out += [r for i, r in enumerate(regions) if i not in used]
    return _drop_containers(sorted(out, key=lambda h: h.pos), text)


# A new coordinated clause between two places: the second is another event's place.
NEW_CLAUSE = re.compile(r";|,\s*(?:а ще|and also)\b|\b(?:as well as|а также|а також)\b",
                        re.IGNORECASE)


def _drop_containers(places: list[PlaceHit], text: str) -> list[PlaceHit]:
    """Drop an area that only frames the finer places right after it.

    "в ОТУ «Донецьк» – три бойові зіткнення на Покровському напрямку", "on the
    Zaporizhzhia direction, one near Stepove": the events are at the finer places; the
    coarser area before them (within 80 characters) is their frame, not another event.
    A new coordinated clause between them ("…в Курской области, а также атаку в районе
    Дзержинска") makes the area the place of an event of its own: it stays.
    """
    out = []
    for k, p in enumerate(places):
        nxt = places[k + 1] if k + 1 < len(places) else None
        if (nxt is not None and nxt.precision < p.precision and 0 <= nxt.pos - p.end <= 80
                and not NEW_CLAUSE.search(text, p.end, nxt.pos)):
            continue
        out.append(p)
    return out
