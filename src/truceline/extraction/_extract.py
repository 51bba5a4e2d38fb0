"""The rule-based extractor: sentences → incident claims and aggregate claims."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from truceline._typing import Undated
from truceline.domain import Claim, Place, Report, TimeSpan
from truceline.extraction._dates import find_dates
from truceline.extraction._lexicon import PartyLexicon, first_of, lexicon, load_parties
from truceline.extraction._merge import dedupe
from truceline.extraction._model import AggregateClaim, ExtractionResult, ReportQuality
from truceline.extraction._parties import agent, mentions, speaker
from truceline.extraction._places import PlaceHit, find_places, is_sector
from truceline.textintake import TextDocument, read_text

_SENT = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[\"“«„(]?[A-ZА-ЯІЇЄҐ0-9])|(?<=[。！？])")
_BACKREF = re.compile(r"(?:про це|об этом|this was|it was)\b", re.IGNORECASE)
# A sentence that only attributes what came before: "Об этом сообщили...", "Как сообщили 28
# марта в Минобороны, ...", "Про це повідомили...", "This was reported by...".
_QUOTE_LEAD = re.compile(r"\s*[\"“«„]")
_QUOTE_ATTR = re.compile(r"[\"”»]\s*(?:,\s*[-–—]|[-–—]|,)\s")  # '...", - повідомив X'

_ATTR_LEAD = re.compile(
    r"[\"“«„]?(?:про це|об этом|this was|it was|как сообщ\w*|как заяв\w*|як повідом\w*|"
    r"як заяв\w*|as reported|as stated|according to|по данным|по словам|за даними|"
    r"за словами|со ссылкой|з посиланням)(?![\w’'ʼ-])", re.IGNORECASE)
_CLAUSE = re.compile(
    r"\s*;\s*|,?\s+(?:и|і|й|та|and|а также|а|but|но|але|while|whereas)\s+"
    r"(?!(?:на|в|у|во|под|під|біля|около|возле|поблизу|вблизи|in|at|near|on|around)\s)"
    r"(?=[a-zа-яіїєґё])")
_HISTORY = timedelta(days=31)

# Words every ``trend_context`` pattern holds: the pattern runs only when one occurs.
_TREND_WORDS = ("number", "количеств", "кількост", "числ")
_DIGITS = re.compile(r"[\d ,.\u00a0]+")
_NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0]\d{3})+|\d+)(?![\w])")


@dataclass
class _Sentence:
    text: str
    lang: str | None
    paragraph: int
    index: int


def _runs(doc: TextDocument) -> list[tuple[str, str | None, int]]:
    """Segments as (text, language, paragraph), a short Han run inside a line in another
    language rejoined with its line: an untranslated word ("small groups to渗透 the
    positions") must not split the sentence it sits in."""
    runs: list[list] = []  # type: ignore[type-arg]
    prev_end = -1
    for seg in doc.segments:
        last = runs[-1] if runs else None
        inline = (last is not None and last[2] == seg.paragraph and seg.start == prev_end
                  and last[1] != "zh" and ((seg.language == "zh" and len(seg.text) <= 24)
                                           or last[3]))
        if inline and last is not None:
            last[0] += seg.text
            last[3] = seg.language == "zh"
        else:
            runs.append([seg.text, seg.language, seg.paragraph, False])
        prev_end = seg.end
    return [(r[0], r[1], r[2]) for r in runs]


def _sentences(doc: TextDocument) -> list[_Sentence]:
    out: list[_Sentence] = []
    for text, lang, paragraph in _runs(doc):
        for part in _SENT.split(text):
            if part and part.strip():
                out.append(_Sentence(part.strip(), lang, paragraph, len(out)))
    return out


def _number(token: str, lang: str | None) -> int | None:
    words = lexicon().lang["number_words"]
    t = token.lower()
    if _DIGITS.fullmatch(t):
        return int(re.sub(r"\D", "", t))
    for table in (words.get(lang or "en", {}), *words.values()):
        if t in table:
            return int(table[t])
    return None


def _aggregate_count(text: str, lang: str | None) -> int | None:
    nouns = lexicon().cues["aggregate_nouns"]
    pat = lexicon().numbers
    assert pat is not None
    for m in pat.finditer(text):
        rest = text[m.end(1):m.end(1) + 60].lstrip()
        if nouns.match(rest) or nouns.match(re.sub(r"^(\S+\s+){1,2}", "", rest)):
            return _number(m.group(1), lang)
    return None


@lru_cache(maxsize=1)
def _quantity_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for table in lexicon().lang["number_words"].values()
                     for w in table)
    return re.compile(rf"(?<![\w])(\d+|{words})\s+(?:[\w-]+\s+){{0,2}}?(?:drones?|uavs?|"
                      rf"missiles?|rockets?|бпла|дрон\w*|ракет\w*|безпілотн\w*|беспилотн\w*|"
                      rf"people|людей|осіб|человек)", re.IGNORECASE)


def _quantity(text: str, lang: str | None) -> int | None:
    m = _quantity_pattern().search(text)
    return _number(m.group(1), lang) if m else None


def _span(first: date | None, last: date | None, written: str) -> TimeSpan | None:
    if first is None:
        return None
    return TimeSpan.local_days(first, last or first, tz=None, as_written=written)


def _place(hit: PlaceHit) -> Place:
    return Place(name=hit.name, as_written=hit.as_written, admin1=hit.admin1,
                 country=hit.country, precision=hit.precision)


def _doc(item: TextDocument | Report | str | Path) -> TextDocument:
    if isinstance(item, TextDocument):
        return item
    if isinstance(item, Report):
        return read_text(item.content, name=item.origin, media_type=item.media_type,
                         source_id=item.source_id)
    return read_text(item)


def _extract_one(doc: TextDocument, parties: PartyLexicon,
                 undated: Undated) -> tuple[list[Claim],
                                                                list[AggregateClaim]]:
    lex = lexicon()
    sents = _sentences(doc)
    ref, hint = doc.reference, (doc.year_hint if doc.reference is None else None)
    rid, sid = doc.report.id, doc.report.source_id
    anchor: date | None = None
    last_speaker: str | None = None
    info = []
    for s in sents:
        found = mentions(s.text, parties)
        spk, spk_end = speaker(s.text, found, last_speaker)
        hits = find_dates(s.text, ref=ref, anchor=anchor, year_hint=hint)
        dated = [h for h in hits if h.start is not None]
        day = dated[0] if dated else None
        if dated:
            anchor = dated[-1].end or dated[-1].start
        if spk:
            last_speaker = spk
        info.append((s, found, spk, spk_end, day, anchor))
    claims: list[Claim] = []
    aggs: list[AggregateClaim] = []
    recent = _RecentPlaces()
    carried: date | None = None
    carried_end: date | None = None
    carried_text = ""
    para_speaker: dict[int, str] = {}
    stated: set[int] = set()
    last_side: str | None = None  # the last belligerent that spoke in this text
    last_any: str | None = None
    for i, (s, found, spk, spk_end, day, _) in enumerate(info):
        own_spk = spk
        if day is not None:
            carried, carried_end, carried_text = day.start, day.end, day.as_written
        if spk is None:
            spk = para_speaker.get(s.paragraph)
            for nxt in info[i + 1:i + 4]:  # "X happened. Об этом сообщили в Y."
                if spk is not None or nxt[0].paragraph - s.paragraph > 1:
                    break
                if (_ATTR_LEAD.match(nxt[0].text) or _QUOTE_LEAD.match(nxt[0].text)
                        or _QUOTE_ATTR.search(nxt[0].text)):
                    spk = nxt[2]
        if day is None:
            for nxt in info[i + 1:i + 4]:  # "X happened. Как сообщили 28 марта в Y, ..."
                if nxt[0].paragraph != s.paragraph:
                    break
                if _ATTR_LEAD.match(nxt[0].text) and nxt[4]:
                    day = nxt[4]
                    carried, carried_end, carried_text = day.start, day.end, day.as_written
                    break
        if day is not None:
            stated.add(s.index)
        if spk is None and last_any and lex.cues["continuation"].match(s.text):
            spk = last_any  # "Кроме того, …", "In addition, …" goes on with that account
        if spk is None and last_side and parties.enemy.search(s.text):
            spk = last_side  # "the enemy" is said in a belligerent's voice
        if spk and parties.kinds.get(spk) == "belligerent":
            last_side = spk
        last_any = spk or last_any
        if day is not None or carried is not None:
            para_speaker[s.paragraph] = spk
        count = _aggregate_count(s.text, s.lang)
        low = s.text.lower()
        trend = (lex.trend is not None and any(w in low for w in _TREND_WORDS)
                 and bool(lex.trend.search(s.text)))
        etype = first_of(lex.events, lex.event_any, s.text)
        if etype is not None:  # the manoeuvre a sentence reports wins over its means
            etype = next((t for t, pat in lex.lead_events if pat.search(s.text)), etype)
        no_event = etype is None or (lex.modal is not None and bool(lex.modal.search(s.text)))
        if count is None and not trend and no_event:
            recent.add(s.text, s.lang)  # no claim here: its places only matter to a "there"
            continue
        act = agent(s.text, found, spk, parties, spk_end)
        denial = bool(lex.cues["denial"].search(s.text))
        alleging = spk
        if denial and spk:
            others = [m.code for m in found if m.code != spk and not m.speaker_only]
            alleging, act = (others[0] if others else None), spk
        if alleging in parties.monitors():
            stance = "observation"
        elif denial:
            stance = "denial"
        elif alleging and act == alleging:
            stance = "self_report"
        else:
            stance = "allegation"
        named_act = act
        if stance == "allegation" and act is None and alleging is not None:
            act = _other_side(alleging, parties)
        places = _event_clause_places(s.text, find_places(s.text, s.lang))
        fine = [p for p in places if p.precision < 3]
        if (count is not None and not fine) or trend:
            regions = tuple(p.name for p in places)
            first = day.start if day else carried
            last = (day.end if day else carried_end) or first
            aggs.append(AggregateClaim(
                report_id=rid, count=count, description=s.text[:160], period_start=first,
                period_end=last, regions=regions, alleged_by=alleging, actor=act, stance=stance,
                evidence=s.text))
            recent.set(places)
            continue
        if no_event:
            recent.set(places)
            continue
        if not places and lex.cues["deictic"].search(s.text):
            places = recent.get()
        if lex.non_event.search(s.text) and not fine:
            recent.set(places)
            continue
        regions_only = [p for p in places if p.precision == 3]
        if not fine and len(regions_only) > 2:
            places = []
        target = first_of(lex.targets, lex.target_any, s.text) or "unspecified"
        if target == "unspecified" and (etype in lex.military_types or any(
                p.precision == 2 or is_sector(p.as_written) for p in places)):
            target = "military"  # clashes, assaults, directions are about forces
        first, last, written = ((day.start, day.end, day.as_written) if day else
                                (carried, carried_end, carried_text))
        # a statement its own speaker makes about a named kind of target ("the energy
        # minister said generation facilities were attacked") is a claim without a place
        dated = first is not None or (undated == "dateline" and doc.published is not None)
        spoken = own_spk is not None and target != "unspecified" and dated
        if not places and not (s.lang == "zh" or (day is not None and named_act) or spoken):
            recent.set(places)
            continue
        if first is not None and ref is not None and (last or first) < ref - _HISTORY:
            recent.set(places)
            continue  # background: an event long before the report is not news of it
        if first is None and undated == "published" and doc.published:
            first, written = doc.published, "(publication date)"
        when = _span(first, last, written)
        weapon = next(((label, cls) for label, cls, pat in lex.weapons if pat.search(s.text)),
                      (None, None)) if lex.weapon_any.search(s.text) else (None, None)
        qty = _quantity(s.text, s.lang)
        conf = 0.4 + 0.15 * (when is not None) + 0.15 * bool(alleging) + 0.15 * bool(act)
        for p in places or [None]:
            near = (first_of(lex.targets, lex.target_any, s.text[max(0, p.pos - 45):p.pos])
                    if p is not None and len(places) > 1 else None)
            claims.append(Claim(
                report_id=rid, source_id=sid, event_type=etype, target_type=near or target,
                weapon=weapon[0], weapon_class=weapon[1], when=when,
                place=_place(p) if p else None, actor=act, alleged_by=alleging, stance=stance,
                quantities=(("count", float(qty)),) if qty is not None else (),
                evidence=s.text, confidence=round(conf + 0.15 * (p is not None), 2),
                index=s.index))
        recent.set(places)
    merged = dedupe(claims, {s.index: s.lang for s in sents}, stated)
    if undated == "dateline" and doc.published is not None:
        merged = [_dateline(c, doc.published) if c.when is None else c for c in merged]
    return merged, aggs


def _dateline(claim: Claim, published: date) -> Claim:
    """An undated claim of a dated news report, bounded by its dateline.

    News reports what happened on the day of publication or the night before unless the
    text says otherwise ("Russian forces have dropped an aerial bomb on Yarova, Zelenskyy
    has said"), so the claim gets the two days ``published - 1 .. published``, flagged
    ``dated_by_dateline`` and with ``as_written`` saying so: a bound read from the report's
    header, not a date the sentence gives. The window test sees the whole span, so an event
    bounded across a truce edge is ruled "possible", never a certain violation.
    """
    span = _span(published - timedelta(days=1), published,
                 "(dateline: the publication day or the day before)")
    assert span is not None  # a first day is given
    return replace(claim, when=replace(span, flags=(*span.flags, "dated_by_dateline")),
                   confidence=round(min(1.0, claim.confidence + 0.05), 2), id="")


class _RecentPlaces:
    """The places of the last sentence that named any, for a later "there" ("там же").

    Sentences that make no claim are only noted; their places are found when a deictic
    sentence asks, newest first (most never are: finding places is a dear step).
    """

    def __init__(self) -> None:
        self._places: list[PlaceHit] = []
        self._pending: list[tuple[str, str | None]] = []

    def add(self, text: str, lang: str | None) -> None:
        self._pending.append((text, lang))

    def set(self, places: list[PlaceHit]) -> None:
        if places:
            self._places, self._pending = places, []

    def get(self) -> list[PlaceHit]:
        while self._pending:
            text, lang = self._pending.pop()
            places = _event_clause_places(text, find_places(text, lang))
            if places:
                self._places, self._pending = places, []
        return self._places


def _event_clause_places(text: str, places: list[PlaceHit]) -> list[PlaceHit]:
    """Only the places of the clauses that report an event, when some clause does.

    "The Mission continued monitoring at A, B and C and recorded violations near B":
    A and C sit in a clause without an event and are not event places. Clauses are cut at
    ";" and at a conjunction followed by a lower-case word (a list of names goes on with
    capitals). With no clause holding both an event cue and a place, all places stay.
    """
    if len(places) < 2:
        return places
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    spans = [(a, b) for a, b in pairwise(cuts) if b > a]
    if len(spans) < 2:
        return places
    lex = lexicon()
    cue = [bool(lex.event_any and lex.event_any.search(text[a:b])) for a, b in spans]
    keep = [p for p in places if any(c and a <= p.pos < b for c, (a, b) in zip(cue, spans,
                                                                             strict=True))]
    return keep or places


def _other_side(party: str, parties: PartyLexicon) -> str | None:
    """The one opposing belligerent of ``party`` (``None`` for monitors or many sides).

    A belligerent reporting an attack and naming no perpetrator accuses the other side:
    "three combat clashes on the Pokrovsk direction" in a Ukrainian report.
    """
    if parties.kinds.get(party) != "belligerent":
        return None
    others = [c for c in parties.codes if c != party and parties.kinds.get(c) == "belligerent"]
    return others[0] if len(others) == 1 else None


def extract(items: Iterable[TextDocument | Report | str | Path], *,
            parties: str | Path | PartyLexicon | None = None,
            undated: Undated = "dateline") -> ExtractionResult:
    """Extract claims from texts.

    Parameters
    ----------
    items
        Text documents (from :func:`truceline.textintake.read_text`), reports, or paths.
    parties
        A YAML file that extends the shipped party lexicon, or a loaded lexicon.
    undated
        What an event the text gives no date for gets: ``"dateline"`` (the default: when
        the report states its publication day D, the span D-1..D flagged
        ``dated_by_dateline``; otherwise no date), ``"null"`` (no date at all) or
        ``"published"`` (exactly the publication day, as ``as_written``
        "(publication date)").

    Returns
    -------
    ExtractionResult
        Incident claims (place without coordinates: geocoding is a later stage),
        aggregate claims, and each report's quality (language, MT leftovers).
    """
    lex = parties if isinstance(parties, PartyLexicon) else load_parties(parties)
    claims: list[Claim] = []
    aggs: list[AggregateClaim] = []
    quality: list[ReportQuality] = []
    names: dict[str, str] = {}
    for item in items:
        doc = _doc(item)
        c, a = _extract_one(doc, lex, undated)
        claims += c
        aggs += a
        names[doc.report.id] = doc.name
        quality.append(ReportQuality(report_id=doc.report.id, name=doc.name,
                                     language=doc.language, published=doc.published,
                                     reference=doc.reference, flags=doc.quality_flags,
                                     mt_fragments=doc.mt_fragments))
    return ExtractionResult(claims=tuple(claims), aggregates=tuple(aggs),
                            quality=tuple(quality), names=names)
