"""Agreements: the rulebook. Parties, windows in force, zones and clauses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True, kw_only=True)
class Party:
    """A party to an agreement, by code (``UA``, ``RU``) with its display name."""

    code: str
    name: str = ""


@dataclass(frozen=True, kw_only=True)
class Reading:
    """One party's reading of a disputed window edge: when *they* say it starts or ends."""

    party: str
    at: datetime
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Window:
    """A period in force, ``[start, end)``, with the zone its times were written in.

    ``start``/``end`` are time-zone aware (``None`` means open-ended). When the parties
    disagree on an edge, ``start_readings``/``end_readings`` hold each party's reading,
    and ``start``/``end`` hold the earliest start and latest end (the widest reading).
    """

    id: str
    start: datetime | None
    end: datetime | None
    tz: str
    start_readings: tuple[Reading, ...] = ()
    end_readings: tuple[Reading, ...] = ()
    note: str = ""

    @property
    def disputed(self) -> bool:
        """True when any party reads an edge differently."""
        return bool(self.start_readings or self.end_readings)


@dataclass(frozen=True, kw_only=True)
class Zone:
    """An area a clause applies to, always in EPSG:4326 (lon/lat).

    ``kind`` is ``geojson``, ``admin_area`` or ``contact_line_buffer``; ``description``
    says in words how the geometry was made (file, snapshot date, buffer, side).
    """

    id: str
    kind: str
    geometry: BaseGeometry
    description: str = ""
    name: str = ""


@dataclass(frozen=True, kw_only=True)
class Clause:
    """One obligation: which acts are prohibited, to whom, where and when.

    An incident matches the act when its event type is in ``event_types``, its target in
    ``target_types`` and its weapon class in ``weapon_classes`` (an empty tuple means
    "any"). ``parties`` are the parties bound; ``zone`` a zone id or ``None`` (anywhere);
    ``windows`` the window ids in force for this clause (empty: all of the agreement's).
    ``zone_rule`` says how the zone applies: ``in`` (the act lands in it), ``into`` (lands
    in it, fired from outside), ``from`` (fired from inside it) or ``in_from_or_into``
    ("no fire in, from or into"). ``target_zone`` names a zone of known protected
    facilities: an incident whose target is not stated but that lies inside it is taken to
    hit the clause's protected target.
    """

    id: str
    title: str = ""
    text: str = ""
    event_types: tuple[str, ...] = ()
    target_types: tuple[str, ...] = ()
    weapon_classes: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    zone: str | None = None
    windows: tuple[str, ...] = ()
    zone_rule: str = "in"
    target_zone: str | None = None


ZONE_RULES = ("in", "into", "from", "in_from_or_into")


@dataclass(frozen=True, kw_only=True)
class Agreement:
    """The rulebook: parties, windows in force, zones and clauses.

    ``sha256`` is the hash of the file the agreement was loaded from, so a finding can
    name the exact text it was ruled on.
    """

    id: str
    title: str
    parties: tuple[Party, ...]
    windows: tuple[Window, ...]
    clauses: tuple[Clause, ...]
    zones: tuple[Zone, ...] = ()
    source: str = ""
    description: str = ""
    schema_version: int = 1
    origin: str = ""
    sha256: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def zone(self, zone_id: str) -> Zone:
        """The zone with this id (``KeyError`` if none)."""
        for z in self.zones:
            if z.id == zone_id:
                return z
        raise KeyError(zone_id)

    def window(self, window_id: str) -> Window:
        """The window with this id (``KeyError`` if none)."""
        for w in self.windows:
            if w.id == window_id:
                return w
        raise KeyError(window_id)

    @property
    def party_codes(self) -> tuple[str, ...]:
        """The parties' codes, in order."""
        return tuple(p.code for p in self.parties)
