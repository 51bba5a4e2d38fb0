"""Small agreements and incidents built directly from domain values."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shapely.geometry import box

from truceline.domain import (
    Agreement,
    Claim,
    Clause,
    Incident,
    Party,
    Place,
    Reading,
    Source,
    TimeSpan,
    Window,
    Zone,
)

MSK = ZoneInfo("Europe/Moscow")
PARTIES = (Party(code="RU", name="Russia"), Party(code="UA", name="Ukraine"))
SOURCES = {
    "ru-mod": Source(id="ru-mod", name="RU MoD", kind="party_official", party="RU", grade="D"),
    "ua-gs": Source(id="ua-gs", name="UA General Staff", kind="party_official", party="UA"),
    "wire": Source(id="wire", name="Wire agency", kind="international_media", grade="B"),
    "osce": Source(id="osce", name="OSCE SMM", kind="monitor", grade="A"),
}


def easter() -> Agreement:
    return Agreement(
        id="easter", title="Easter truce", parties=PARTIES,
        windows=(Window(id="main", start=datetime(2025, 4, 19, 18, 0, tzinfo=MSK),
                        end=datetime(2025, 4, 21, 0, 0, tzinfo=MSK), tz="Europe/Moscow"),),
        clauses=(Clause(id="no-fire", parties=("RU", "UA")),),
    )


def moratorium() -> Agreement:
    kyiv = ZoneInfo("Europe/Kyiv")
    return Agreement(
        id="energy", title="Energy moratorium", parties=PARTIES,
        windows=(Window(
            id="w", start=datetime(2025, 3, 18, 0, 0, tzinfo=kyiv),
            end=datetime(2025, 4, 24, 0, 0, tzinfo=kyiv), tz="Europe/Kyiv",
            start_readings=(Reading(party="RU", at=datetime(2025, 3, 18, tzinfo=kyiv)),
                            Reading(party="UA", at=datetime(2025, 3, 25, tzinfo=kyiv))),
        ),),
        clauses=(Clause(id="energy", target_types=("energy",),
                        event_types=("missile_strike", "drone_strike"), parties=("RU", "UA")),),
    )


def zoned() -> Agreement:
    return Agreement(
        id="zoned", title="Zone test", parties=PARTIES,
        windows=(Window(id="always", start=None, end=None, tz="UTC"),),
        zones=(Zone(id="box", kind="geojson", geometry=box(30.0, 48.0, 31.0, 49.0),
                    description="a 1° box"),),
        clauses=(Clause(id="in-box", zone="box", parties=("RU", "UA")),),
    )


def make_incident(*, at: datetime | None = None, day: tuple[int, int, int] | None = None,
                  tz: str | None = "Europe/Moscow", actor: str | None = "RU",
                  event_type: str = "artillery_shelling", target: str = "military",
                  lon: float = 37.5, lat: float = 48.0, precision: int = 1,
                  claims: list[tuple[str, str, str | None]] | None = None) -> Incident:
    """``claims``: (source_id, stance, alleged_by) triples; default one RU-accusing UA claim."""
    if at is not None:
        when = TimeSpan.instant(at)
    elif day is not None:
        from datetime import date

        when = TimeSpan.local_days(date(*day), tz=tz)
    else:
        when = None
    place = Place(name="somewhere", lon=lon, lat=lat, precision=precision)
    specs = claims or [("ua-gs", "allegation", "UA")]
    cs = tuple(Claim(report_id=f"r{n}", source_id=s, event_type=event_type, target_type=target,
                     when=when, place=place, actor=actor, stance=st, alleged_by=by,
                     evidence=f"quote {n}")
               for n, (s, st, by) in enumerate(specs))
    return Incident(id="i-test", claims=cs, sources=tuple(SOURCES[s] for s, _, _ in specs
                                                          if s in SOURCES),
                    event_type=event_type, target_type=target, when=when, place=place,
                    actor=actor)


