"""The stage function: claims with places as written → claims with places resolved."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from truceline._typing import OnAmbiguousPlace
from truceline.domain import Claim, Place
from truceline.geocoding._resolver import GazetteerGeocoder, GeoContext, Resolution
from truceline.geocoding.base import Geocoder

__all__ = ["geocode"]

Frontline = Any  # a shapely geometry, or a callable date -> geometry | None


def _as_written(place: Place) -> str:
    return place.as_written or place.name


def geocode(claims: Sequence[Claim], geocoder: Geocoder | None = None, *,
            policy: OnAmbiguousPlace = "flag",
            frontline: Frontline | Callable[[date], Any] | None = None) -> tuple[Claim, ...]:
    """Resolve the place of every claim; return new claims (inputs are not changed).

    Parameters
    ----------
    claims
        Claims from extraction; a claim's ``place`` has ``name``/``as_written`` and maybe
        ``admin1`` (a region the text stated) and ``precision`` (2 "near X"/"X direction",
        3 a region alone). Claims without a place, or already with coordinates, pass through.
    geocoder
        Any :class:`~truceline.geocoding.Geocoder`; default: the bundled gazetteer.
    policy
        For ambiguous names: ``flag`` (default) leaves the place without coordinates and
        lists the candidates in ``Place.alternatives``; ``best`` takes the top candidate
        and says so in ``Place.note``; ``raise`` raises ``GeocodingError``.
    frontline
        Contact line (or occupied-territory) geometry, or a function from a date to one,
        used to settle homonyms in front-line reporting.

    Returns
    -------
    tuple of Claim
        Same order; places filled with lon/lat, precision, admin1, country,
        gazetteer_id, alternatives and a note giving the reason (or the ambiguity, or the
        former name that was written).
    """
    coder = geocoder or GazetteerGeocoder()
    names_by_report: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        if c.place is not None:
            names_by_report[c.report_id].append(_as_written(c.place))
    out: list[Claim] = []
    for c in claims:
        place = c.place
        if place is None or place.has_point:
            out.append(c)
            continue
        on = c.when.start.date() if c.when else None
        line = frontline(on) if callable(frontline) and on else (
            None if callable(frontline) else frontline)
        text = _as_written(place)
        ctx = GeoContext(region=place.admin1, on=on, frontline=line,
                         nearby=tuple(n for n in names_by_report[c.report_id] if n != text),
                         precision=place.precision if place.precision > 1 else None)
        res = coder.resolve(text, context=ctx, policy=policy)
        out.append(dataclasses.replace(c, place=_merge(place, res)))
    return tuple(out)


def _merge(written: Place, res: Resolution) -> Place:
    """The claim's place after resolution (keeps what was written)."""
    note = res.reason
    if res.renamed_from:
        note += f"; written with the former name {res.renamed_from!r}"
    if res.place is None:
        alts = tuple(f"{p.name} ({p.admin1 or '?'}, {p.country}; {p.lat:.4f}, {p.lon:.4f}; "
                     f"{p.gazetteer_id})" for p in res.candidates)
        return dataclasses.replace(written, alternatives=alts, note=note)
    r = res.place
    precision = max(r.precision, written.precision)
    return dataclasses.replace(
        written, lon=r.lon, lat=r.lat, precision=precision, admin1=r.admin1,
        admin2=r.admin2, country=r.country, gazetteer_id=r.gazetteer_id,
        alternatives=r.alternatives, note=note,
        name=written.name or r.name, as_written=written.as_written or written.name)
