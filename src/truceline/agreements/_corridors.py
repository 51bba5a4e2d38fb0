"""Humanitarian corridors as area ceasefires: one agreement per corridor proposal.

The input is the PeaceRep table of 2022 corridor proposals (``HC_ID, date, From,
from_longitude, from_latitude, To, to_longitude, to_latitude, text, status_result``).
Each corridor becomes an agreement with:

- one window: the corridor's hours on its date, read from the text ("from 9:00 a.m. to
  4:00 p.m. Kyiv Time", "at 10 a.m. Moscow time") when it states them, else the whole
  local day (and the window's note says the hours were not stated);
- one zone: the straight route from origin to destination grown by ``width_km`` on each
  side (a corridor's real road is rarely known; the note says so);
- one clause: no fire in, from or into the corridor, binding both parties.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shapely.geometry import LineString

from truceline.domain import Agreement, Clause, Party, Window, Zone
from truceline.errors import AgreementReferenceError
from truceline.geo import buffer_m

FIRE = ("missile_strike", "drone_strike", "air_strike", "artillery_shelling", "mlrs_strike",
        "small_arms_fire", "armed_clash", "ground_assault", "attack_unspecified",
        "violation_unspecified")
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
_RANGE = re.compile(rf"from\s+{_CLOCK}\s+(?:to|until|till)\s+{_CLOCK}\s*"
                    r"\(?\s*(Kyiv|Kiev|Moscow)?", re.IGNORECASE)
_START = re.compile(rf"(?:at|from)\s+{_CLOCK}\s+(Kyiv|Kiev|Moscow)\s+time", re.IGNORECASE)
_ZONES = {"kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "moscow": "Europe/Moscow"}


def _clock(h: str, m: str | None, ampm: str | None) -> time | None:
    hour, minute = int(h), int(m or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def corridor_hours(text: str) -> tuple[time | None, time | None, str | None]:
    """Start and end time and the zone they were written in, as the text states them.

    Examples
    --------
    >>> corridor_hours("a ceasefire from 9:00 a.m. to 4:00 p.m. Kyiv Time")
    (datetime.time(9, 0), datetime.time(16, 0), 'Europe/Kyiv')
    >>> corridor_hours("opening of passages at 10 a.m. Moscow time")
    (datetime.time(10, 0), None, 'Europe/Moscow')
    """
    m = _RANGE.search(text)
    if m:
        start, end = _clock(*m.group(1, 2, 3)), _clock(*m.group(4, 5, 6))
        zone = _ZONES.get((m.group(7) or "").lower())
        if start and end and end > start:
            return start, end, zone
    m = _START.search(text)
    if m:
        return _clock(*m.group(1, 2, 3)), None, _ZONES[m.group(4).lower()]
    return None, None, None


def corridor_agreements(path: str | Path, *, width_km: float = 5.0,
                        parties: tuple[str, str] = ("RU", "UA")) -> list[Agreement]:
    """One area-ceasefire agreement per corridor row with both ends geocoded."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise AgreementReferenceError(f"cannot read corridors file {path}: {exc}") from exc
    out = []
    for r in rows:
        try:
            a = (float(r["from_longitude"]), float(r["from_latitude"]))
            b = (float(r["to_longitude"]), float(r["to_latitude"]))
            day = date.fromisoformat(r["date"])
        except (KeyError, ValueError):
            continue
        start_t, end_t, zone = corridor_hours(r.get("text", ""))
        tz = zone or "Europe/Kyiv"
        z = ZoneInfo(tz)
        start = datetime.combine(day, start_t or time(0, 0), tzinfo=z)
        end = (datetime.combine(day, end_t, tzinfo=z) if end_t else
               datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=z))
        note = ("hours as stated in the source text" if start_t and end_t else
                "opening time stated, closing time not: in force to the end of the day"
                if start_t else "hours not stated: the whole local day")
        route = LineString([a, b])
        name = f"{r.get('from_name') or 'origin'} → {r.get('to_name') or 'destination'}"
        cid = f"hc-{r['HC_ID']}"
        out.append(Agreement(
            id=cid, title=f"Humanitarian corridor {name} ({day})",
            source=f"{path.name} row HC_ID {r['HC_ID']} ({r.get('Link', '')})".strip(),
            description=f"status: {r.get('status_result', '')}; proposal: "
                        f"{r.get('proposal', '')}",
            parties=tuple(Party(code=p) for p in parties),
            windows=(Window(id="corridor", start=start, end=end, tz=tz, note=note),),
            zones=(Zone(id="corridor", kind="corridor", name=name,
                        geometry=buffer_m(route, width_km * 1000),
                        description=f"straight route {name} grown by {width_km:g} km each "
                                    "side (the road actually used is not in the data)"),),
            clauses=(Clause(id="no-fire-in-corridor", title="No fire in, from or into the "
                            "corridor", event_types=FIRE, parties=parties, zone="corridor",
                            zone_rule="in_from_or_into"),),
        ))
    return out
