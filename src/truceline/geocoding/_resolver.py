"""Resolving one place name with evidence: the gazetteer-backed :class:`Geocoder`.

Order of evidence for homonyms (each step only narrows, never guesses):

1. the region (and district, country) the text states;
2. other places named nearby in the same report (a candidate within 15 km of one of
   them while every other is at least twice as far and 15 km further);
3. distance to the contact line of the date (closest within 30 km wins when every other
   is at least twice as far and 20 km further);
4. population (at least 5,000 and five times the runner-up).

A military *direction* ("Novopavlivka direction") is named after a notable settlement, so
for a direction population comes first (at least 1,000 and three times the runner-up).

With no decisive evidence the name is *ambiguous*: policy ``flag`` returns no place and
lists the candidates, ``best`` returns the top-ranked candidate marked ambiguous, ``raise``
raises :class:`~truceline.errors.GeocodingError`.
"""

from __future__ import annotations

import dataclasses
import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from truceline._typing import OnAmbiguousPlace
from truceline.domain import Place
from truceline.errors import ConfigError, GeocodingError
from truceline.geo import haversine_km
from truceline.geocoding._derived import derived
from truceline.geocoding._gazetteer import Entry, Gazetteer
from truceline.geocoding._lookup import Found, find, find_fuzzy
from truceline.geocoding._normalise import display_clean
from truceline.geocoding._phrase import Mention, parse
from truceline.geocoding._regions import Region
from truceline.geocoding._resolution import (
    _OUTSIDE,
    MAX_CANDIDATES,
    Resolution,
    _candidates,
    _Choice,
    describe,
)

__all__ = ["GazetteerGeocoder", "GeoContext", "Resolution"]

_POLICIES = ("raise", "flag", "best")
_MEMO_MAX = 200_000  # resolutions kept per geocoder
_DIRECTION = re.compile(r"напрям|направлен|direction|axis", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class GeoContext:
    """What else the report says that helps place a name.

    ``region``/``district``/``country`` are what the text states (any language);
    ``nearby`` the other place names of the same report; ``on`` the event date;
    ``frontline`` a shapely geometry of the contact line or of occupied territory on that
    date (its boundary is used); ``precision`` a hint from extraction (2 for "near X",
    "X direction").
    """

    region: str | None = None
    district: str | None = None
    country: str | None = None
    nearby: tuple[str, ...] = ()
    on: date | None = None
    frontline: Any = None
    precision: int | None = None


_NO_CONTEXT = GeoContext()


def _to_place(e: Entry, *, as_written: str, precision: int, note: str = "",
              alternatives: tuple[str, ...] = ()) -> Place:
    """A place at ``e``, with the precision its kind calls for (see ``Derived.chosen``)."""
    return derived(e).chosen(as_written, precision, note, alternatives)


# "City - district" (ACLED's locations, e.g. "Kyiv - Shevchenkivskyi"): a spaced dash.
_PART_OF = re.compile(r"\s+[-–—]\s+")


class GazetteerGeocoder:
    """A :class:`~truceline.geocoding.Geocoder` backed by a :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        if gazetteer is None:
            from truceline.geocoding._default import default_gazetteer

            gazetteer = default_gazetteer()
        self.gazetteer = gazetteer
        self._front_cache: tuple[Any, Any] | None = None
        self._memo: dict[tuple[Any, ...], Resolution] = {}
        self._memo_size = -1
        self._choices: dict[tuple[Any, ...], _Choice | object] = {}

    # -- public ---------------------------------------------------------------------
    def resolve(self, name: str, *, context: GeoContext | None = None,
                policy: OnAmbiguousPlace = "flag") -> Resolution:
        """Resolve one place name (or a short phrase as written) to a place.

        Raises
        ------
        GeocodingError
            Under policy ``raise`` when the name is ambiguous.
        ConfigError
            For an unknown policy.
        """
        if policy not in _POLICIES:
            raise ConfigError(f"unknown ambiguous-place policy {policy!r}; "
                              f"use one of {', '.join(_POLICIES)}")
        ctx = context or _NO_CONTEXT
        # One resolution per (name, context, policy): a name repeats across reports. The
        # memo is dropped when the gazetteer grows, and skipped for unhashable contexts.
        if self._memo_size != len(self.gazetteer.entries) or len(self._memo) > _MEMO_MAX:
            self._memo.clear()
            self._choices.clear()
            self._memo_size = len(self.gazetteer.entries)
        memo_key: tuple[Any, ...] | None = (name, ctx, policy)
        try:
            hit = self._memo.get(memo_key)  # type: ignore[arg-type]
        except TypeError:
            hit = memo_key = None
        if hit is not None:
            return hit
        res = self._resolve(name, ctx, policy)
        if memo_key is not None:
            self._memo[memo_key] = res
        return res

    def resolve_many(self, names: Iterable[str], *, context: GeoContext | None = None,
                     policy: OnAmbiguousPlace = "flag") -> list[Resolution]:
        """Resolve a batch of names with one context: :meth:`resolve` for each, in order."""
        return [self.resolve(n, context=context, policy=policy) for n in names]

    def _resolve(self, name: str, ctx: GeoContext, policy: str) -> Resolution:
        text = display_clean(name)
        if not text:
            return Resolution(place=None, reason="empty place name", policy=policy)
        found = find(self.gazetteer, text, fuzzy=False)
        mention = Mention()
        table = self.gazetteer.regions
        if not found:
            mention = parse(text)
            found = self._find_first([n for n in mention.names if n != text], fuzzy=False)
            named = [table.match(n) for n in mention.names] or [table.match(text)]
            if not found and named and all(named):
                return self._region(named[0], text, policy)  # type: ignore[arg-type]
            if not found and mention.regions and not mention.names:
                return self._region(mention.regions[0], text, policy)
            part = _PART_OF.split(text, maxsplit=1)
            if not found and len(part) == 2 and part[0]:
                return self._part_of(part[0], text, ctx, policy)
            if not found:  # the exact and inflection paths have failed for every name
                found = next(filter(None, (find_fuzzy(self.gazetteer, n)
                                           for n in mention.names)), Found())
            if not found:
                return Resolution(place=None, policy=policy,
                                  reason=f"no gazetteer entry for {text!r}")
        if max(e.population for e in (found.current or found.old)) < 10_000:
            alone = table.match(mention.names[0] if len(mention.names) == 1 else text)
            if alone is not None:  # "Харківщина": the region, not a hamlet of that name
                return self._region(alone, text, policy)
        stated = table.match(ctx.region) if ctx.region else None
        stated = stated or (mention.regions[0] if mention.regions else None)
        precision = max(ctx.precision or 1, mention.precision)
        country = ctx.country or (mention.countries[0] if mention.countries else None)
        return self._choose(found, text, ctx, stated, country, precision, policy)

    def resolve_all(self, text: str, *, context: GeoContext | None = None,
                    policy: OnAmbiguousPlace = "flag") -> tuple[Resolution, ...]:
        """Resolve every place a phrase names (``"near Mariupol and Volnovakha"`` → two).

        A phrase naming one place gives the same single resolution as :meth:`resolve`.
        """
        mention = parse(display_clean(text))
        names = mention.names
        if len(names) <= 1:
            return (self.resolve(text, context=context, policy=policy),)
        ctx = context or GeoContext()
        ctx = dataclasses.replace(
            ctx, region=ctx.region or (mention.regions[0].name if mention.regions else None),
            precision=max(ctx.precision or 1, mention.precision))
        out = [self.resolve(n, context=ctx, policy=policy) for n in names]
        return tuple(r for r in out if r.place is not None or r.candidates) or (out[0],)

    def _part_of(self, whole: str, text: str, ctx: GeoContext, policy: str) -> Resolution:
        """``"Kyiv - Shevchenkivskyi"`` (ACLED's city - district): the district as its city.

        The place is the city's (its point lies in the city; the district is not in the
        gazetteer), written as given, and the reason says so.
        """
        res = self._resolve(whole, ctx, policy)
        note = f"{text!r} read as a part of {whole}"
        place = res.place and dataclasses.replace(
            res.place, as_written=text, note=f"{res.place.note}; {note}".lstrip("; "))
        return Resolution(place=place, candidates=res.candidates, ambiguous=res.ambiguous,
                          reason=f"{res.reason}; {note}", policy=policy,
                          renamed_from=res.renamed_from)

    def _find_first(self, names: list[str], *, fuzzy: bool) -> Found:
        for candidate in names:
            found = find(self.gazetteer, candidate, fuzzy=fuzzy)
            if found:
                return found
        return Found()

    # -- regions --------------------------------------------------------------------
    def _region(self, region: Region, text: str, policy: str) -> Resolution:
        areas = self._areas().get(region.name, [])
        if areas:
            place = _to_place(areas[0], as_written=text, precision=3,
                              note=f"region {region.name} (boundary area)")
            return Resolution(place=place, candidates=(place,), policy=policy,
                              reason=place.note)
        capital = [e for e in find(self.gazetteer, region.capital, fuzzy=False).current
                   if e.country == region.country and e.kind == "settlement"]
        if not capital:
            return Resolution(place=None, policy=policy,
                              reason=f"region {region.name} has no admin centre in the gazetteer")
        c = max(capital, key=lambda e: e.population)
        note = (f"region {region.name}: point of its admin centre {c.name} "
                "(import boundaries for areas)")
        place = Place(name=region.name, lon=c.lon, lat=c.lat, precision=3,
                      admin1=region.name, country=region.country, as_written=text,
                      gazetteer_id=f"region:{region.iso}", note=note)
        return Resolution(place=place, candidates=(place,), policy=policy, reason=note)

    def _outside_stated(self, found: Found, text: str, stated: Region,
                        policy: str) -> Resolution:
        """The stated region as an area when no candidate of the name lies in it.

        "Poniativka in Kherson Oblast" with only an Odesa Oblast Poniativka in the
        gazetteer: the text is honoured (precision 3, Kherson Oblast) and the candidates
        elsewhere are kept as alternatives, not silently taken.
        """
        region = self._region(stated, text, policy)
        others = [*found.current, *found.old][:MAX_CANDIDATES]
        why = (f"no candidate for {text!r} in the stated region {stated.name} "
               f"({len(others)} elsewhere, e.g. {describe(others[0])}); the region is given"
               if others else f"no candidate in the stated region {stated.name}")
        if region.place is None:
            return Resolution(place=None, policy=policy, reason=f"{why}; {region.reason}",
                              candidates=tuple(_to_place(e, as_written=text, precision=1)
                                               for e in others))
        place = dataclasses.replace(region.place, note=f"{why}; {region.reason}",
                                    alternatives=tuple(describe(e) for e in others))
        return Resolution(place=place, candidates=(place,), policy=policy, reason=place.note)

    def _areas(self) -> dict[str, list[Entry]]:
        cached = getattr(self, "_areas_cache", None)
        if cached is None or cached[0] != len(self.gazetteer.entries):
            areas: dict[str, list[Entry]] = {}
            for e in self.gazetteer.entries:
                if e.kind == "region" and e.admin1:
                    areas.setdefault(e.admin1, []).append(e)
            cached = (len(self.gazetteer.entries), areas)
            self._areas_cache = cached
        return cached[1]

    # -- homonyms -------------------------------------------------------------------
    def _choose(self, found: Found, text: str, ctx: GeoContext, stated: Region | None,
                country: str | None, precision: int, policy: str) -> Resolution:
        direction = bool(_DIRECTION.search(text))
        # The choice among the entries found depends on the entries, the keys they were
        # found by and the context, not on the spelling: "Novoselivka" and "Новоселівка"
        # share one. Places named nearby are compared with the name as written, so then
        # the spelling is part of the key.
        key: tuple[Any, ...] | None = (
            tuple(map(id, found.current)), tuple(map(id, found.old)), found.keys, ctx,
            stated, country, direction, text if ctx.nearby else None)
        try:
            choice = self._choices.get(key)  # type: ignore[arg-type]
        except TypeError:
            choice = key = None
        if choice is None:
            choice = self._decide(found, text, ctx, stated, country, direction)
            if key is not None:
                if len(self._choices) > _MEMO_MAX:
                    self._choices.clear()
                self._choices[key] = choice
        if choice is _OUTSIDE:
            return self._outside_stated(found, text, stated, policy)  # type: ignore[arg-type]
        reasons = [f"{found.how} ({found.form!r})"] if found.how and found.how != "exact" else []
        reasons += choice.reasons
        renamed_from = None
        if choice.renamed:
            renamed_from = found.form
            reasons.append(f"{found.form!r} is a former name of {choice.cands[0].name}")
        top = choice.top
        candidates = partial(_candidates, top, text, precision)  # built when read
        reason = "; ".join(r for r in reasons if r)
        ambiguous = choice.ambiguous
        if ambiguous:
            if policy == "raise":
                raise GeocodingError(
                    f"place {text!r} is ambiguous: {len(choice.cands)} candidates "
                    f"({'; '.join(describe(e) for e in choice.cands[:5])}). Fix: state the "
                    "region, or use policy 'flag' or 'best'")
            if policy == "flag":
                return Resolution(place=None, candidates=candidates, ambiguous=True,
                                  reason=reason + "; policy flag: no place chosen",
                                  policy=policy, renamed_from=renamed_from)
            reason += "; policy best: most populous candidate taken"
        place = top[0].chosen(text, precision, reason, choice.alternatives())
        return Resolution(place=place, candidates=candidates, ambiguous=ambiguous,
                          reason=reason, policy=policy, renamed_from=renamed_from)

    def _decide(self, found: Found, text: str, ctx: GeoContext, stated: Region | None,
                country: str | None, direction: bool) -> _Choice | object:
        """The candidates in order, ambiguity and reasons: what :meth:`_choose` caches."""
        reasons: list[str] = []
        current, old = found.current, found.old
        if stated is not None:
            cur_r = [e for e in current if e.admin1 == stated.name]
            old_r = [e for e in old if e.admin1 == stated.name]
            if cur_r or old_r:
                current, old = cur_r, old_r
                reasons.append(f"stated region {stated.name}")
            else:  # the text says where it is: no candidate elsewhere overrides that
                return _OUTSIDE
        # A place known by this name officially (or formerly, per the record) beats one
        # that merely lists it among alternates (often a historic or foreign name).
        if len(current) > 1:
            keys = found.keys
            flags = [not keys.isdisjoint(derived(e).official) for e in current]
            if any(flags) and not all(flags):
                if len(keys) == 1:
                    kept = [e for e, f in zip(current, flags, strict=True) if f]
                else:
                    covered = {k for e, f in zip(current, flags, strict=True) if f
                               for k in keys & (derived(e).main | derived(e).former)}
                    kept = [e for e, f in zip(current, flags, strict=True)
                            if f or not (keys & e.keys()) <= covered]
                if len(kept) < len(current):
                    reasons.append(f"{len(current) - len(kept)} candidate(s) known only by "
                                   "an alternate name set aside")
                    current = kept
        old_ids = {id(e) for e in old} - {id(e) for e in current}
        cands = [*current, *(e for e in old if id(e) in old_ids)]
        if country and len(cands) > 1:
            same = [e for e in cands if e.country == country.upper()]
            if same and len(same) < len(cands):
                cands = same
                reasons.append(f"country {country.upper()}")
        if ctx.district and len(cands) > 1:
            from truceline.geocoding._regions import region_stem

            want = region_stem(ctx.district)
            same = [e for e in cands if e.admin2 and region_stem(e.admin2).startswith(want)]
            if same:
                cands = same
                reasons.append(f"stated district {ctx.district}")
        ambiguous = False
        if len(cands) > 1:
            chosen, why = self._evidence(cands, ctx, text, direction=direction)
            if chosen is not None:
                reasons.append(why)
                cands = [chosen, *[c for c in cands if c is not chosen]]
            else:
                ambiguous = True
                cands.sort(key=lambda e: (-e.population, e.rank, e.id))
                reasons.append(f"ambiguous: {len(cands)} candidates and no decisive evidence "
                               f"({why})")
        elif not any(r.startswith(("stated", "country")) for r in reasons):
            reasons.append("single candidate")
        best = cands[0]
        renamed = bool(id(best) in old_ids or (found.keys & derived(best).former
                                               and not found.keys & derived(best).main))
        return _Choice(cands, ambiguous, reasons, renamed)

    def _evidence(self, cands: list[Entry], ctx: GeoContext, text: str, *,
                  direction: bool = False) -> tuple[Entry | None, str]:
        tried: list[str] = []
        pops = heapq.nlargest(2, (c.population for c in cands))  # the two compared
        if direction and pops[0] >= 1000 and pops[0] >= 3 * pops[1]:
            top = max(cands, key=lambda c: c.population)
            return top, (f"a direction is named after a notable settlement: most populous "
                         f"({top.population:,} vs {pops[1]:,})")
        if ctx.nearby:
            points = self._nearby_points(ctx.nearby, text)
            if points:
                dist = [min(haversine_km(c.lon, c.lat, lo, la) for la, lo, _ in points)
                        for c in cands]
                pick = _decisive(dist, within=15.0, extra=15.0)
                if pick is not None:
                    near = min(points, key=lambda p: haversine_km(
                        cands[pick].lon, cands[pick].lat, p[1], p[0]))
                    return cands[pick], (f"nearest to {near[2]!r} named in the same report "
                                         f"({dist[pick]:.0f} km)")
                tried.append("places named nearby not decisive")
        if ctx.frontline is not None:
            dist = [self._front_km(ctx.frontline, c) for c in cands]
            pick = _decisive(dist, within=30.0, extra=20.0)
            if pick is not None:
                on = f" of {ctx.on.isoformat()}" if ctx.on else ""
                return cands[pick], (f"closest to the contact line{on} "
                                     f"({dist[pick]:.0f} km; next {sorted(dist)[1]:.0f} km)")
            tried.append("contact line not decisive")
        if pops[0] >= 5000 and pops[0] >= 5 * pops[1]:
            top = max(cands, key=lambda c: c.population)
            return top, f"most populous ({top.population:,} vs {pops[1]:,})"
        tried.append("population not decisive")
        return None, ", ".join(tried)

    def _nearby_points(self, names: tuple[str, ...], text: str) -> list[tuple[float, float, str]]:
        points: list[tuple[float, float, str]] = []
        for other in names:
            if not other or display_clean(other) == text:
                continue
            found = find(self.gazetteer, display_clean(other), fuzzy=False)
            if not found:
                for n in parse(other).names:
                    found = find(self.gazetteer, n, fuzzy=False)
                    if found:
                        break
            hits = [e for e in (found.current or found.old) if e.kind == "settlement"]
            if self.gazetteer.regions.match(other) is not None:
                continue  # a region is no evidence of where a village lies
            if 0 < len(hits) <= 3:
                points += [(e.lat, e.lon, other) for e in hits]
        return points

    def _front_km(self, geom: Any, e: Entry) -> float:
        from shapely import Point
        from shapely.ops import nearest_points

        if self._front_cache is None or self._front_cache[0] is not geom:
            line = geom.boundary if geom.geom_type.endswith("Polygon") else geom
            self._front_cache = (geom, line)
        line = self._front_cache[1]
        near = nearest_points(line, Point(e.lon, e.lat))[0]
        return haversine_km(e.lon, e.lat, near.x, near.y)


def _decisive(dist: list[float], *, within: float, extra: float) -> int | None:
    order = sorted(range(len(dist)), key=dist.__getitem__)
    best, second = dist[order[0]], dist[order[1]]
    if best <= within and second >= max(2 * best, best + extra):
        return order[0]
    return None
