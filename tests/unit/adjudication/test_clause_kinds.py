"""Clause kinds on real geometry: area ceasefires (in/from/into), humanitarian corridors
with their hours, withdrawal lines, and energy truces matched by facility proximity."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import shapely
from tests.unit.adjudication.factories import make_incident, zoned

from truceline.adjudication import adjudicate
from truceline.agreements import corridor_agreements, corridor_hours, load_agreement
from truceline.domain import Clause, Place
from truceline.geo import destination, geodesic_distance_m

KYIV = ZoneInfo("Europe/Kyiv")


def zone_of(f):
    return next(t for t in f.tests if t.name == "zone")


def with_origin(inc, lon, lat):
    return type(inc)(**{**inc.__dict__, "origin": Place(name="firing position", lon=lon,
                                                          lat=lat)})


@pytest.mark.parametrize(("rule", "landed", "came_from", "outcome"), [
    ("in", (30.5, 48.5), None, "pass"),
    ("from", (31.5, 48.5), (30.5, 48.5), "pass"),      # fired out of the zone
    ("from", (30.5, 48.5), (31.5, 48.5), "fail"),      # fired from outside
    ("from", (30.5, 48.5), None, "undecided"),         # nobody says where from
    ("into", (30.5, 48.5), (31.5, 48.5), "pass"),
    ("into", (30.5, 48.5), (30.6, 48.6), "fail"),      # inside to inside is not "into"
    ("into", (30.5, 48.5), None, "undecided"),
    ("in_from_or_into", (31.5, 48.5), (30.5, 48.5), "pass"),
    ("in_from_or_into", (31.5, 48.5), (31.6, 48.6), "fail"),
    ("in_from_or_into", (31.5, 48.5), None, "undecided"),
])
def test_zone_rules(rule, landed, came_from, outcome):
    base = zoned()
    agreement = type(base)(**{**base.__dict__, "clauses": (
        Clause(id="c", zone="box", zone_rule=rule, parties=("RU", "UA")),)})
    inc = make_incident(at=datetime(2025, 1, 1, tzinfo=UTC), lon=landed[0], lat=landed[1])
    if came_from:
        inc = with_origin(inc, *came_from)
    (f,) = adjudicate([inc], [agreement])
    assert zone_of(f).outcome == outcome, zone_of(f).detail
    assert f"Rule '{rule}'" in zone_of(f).detail


@pytest.fixture(scope="module")
def corridors(shared_data):
    return corridor_agreements(shared_data / "events/humanitarian_corridors/"
                               "peacerep_humanitarian_corridors_ukraine_2022.csv")


def test_every_geocoded_corridor_becomes_an_area_ceasefire(corridors):
    assert len(corridors) == 282
    notes = {a.windows[0].note for a in corridors}
    assert "hours as stated in the source text" in notes
    assert "hours not stated: the whole local day" in notes


def test_corridor_hours_from_the_text():
    assert corridor_hours("from 9:00 a.m. to 4:00 p.m. Kyiv Time")[:2] == \
        (datetime(1, 1, 1, 9).time(), datetime(1, 1, 1, 16).time())
    assert corridor_hours("no times here") == (None, None, None)


def test_mariupol_corridor_in_space_and_hours(corridors):
    hc = next(a for a in corridors if a.id == "hc-1")   # Mariupol → Zaporizhzhia, 5 March
    assert hc.windows[0].start == datetime(2022, 3, 5, 9, 0, tzinfo=KYIV)
    assert hc.windows[0].end == datetime(2022, 3, 5, 16, 0, tzinfo=KYIV)
    # A point on the route, and one 20 km to the side of its middle.
    mid = shapely.LineString([(37.54131, 47.09514), (35.11714, 47.85167)]).interpolate(0.5,
                                                                                      normalized=True)
    off = destination(mid.x, mid.y, 340, 20_000)
    noon = datetime(2022, 3, 5, 12, 0, tzinfo=KYIV)
    on_route = make_incident(at=noon, lon=mid.x, lat=mid.y, actor="RU")
    aside = make_incident(at=noon, lon=off.x, lat=off.y, actor="RU")
    late = make_incident(at=datetime(2022, 3, 5, 16, 30, tzinfo=KYIV), lon=mid.x, lat=mid.y,
                         actor="RU")
    aside_known = with_origin(aside, off.x + 0.1, off.y + 0.1)
    f_on, f_aside, f_known, f_late = adjudicate([on_route, aside, aside_known, late], [hc])
    assert f_on.verdict == "alleged"
    # Landed 20 km aside: unless someone says where it was fired from, it may have come
    # out of the corridor ("no fire in, from or into").
    assert f_aside.verdict == "possible" and zone_of(f_aside).outcome == "undecided"
    assert f_known.verdict == "not_applicable" and zone_of(f_known).outcome == "fail"
    assert f_late.verdict == "not_applicable"   # after the corridor closed at 16:00


@pytest.fixture(scope="module")
def minsk(shared_data, repo_root):
    return load_agreement(repo_root / "examples/agreements/minsk-style-withdrawal.yaml",
                          data_dir=shared_data)


def _walk_out(zone, lon, lat, azimuth):
    """Metres walked from (lon, lat) along ``azimuth`` until leaving ``zone``."""
    for km in range(0, 300):
        p = destination(lon, lat, azimuth, km * 1000)
        if not zone.geometry.contains(p):
            return km * 1000
    raise AssertionError("never left the zone")


def test_withdrawal_lines_on_the_real_contact_line(minsk):
    # Walk west from the front near Pokrovsk into Ukrainian-held ground.
    start = (37.05, 48.27)
    security = _walk_out(minsk.zone("security-zone"), *start, 270)
    mlrs = _walk_out(minsk.zone("mlrs-withdrawal"), *start, 270)
    assert 10_000 < mlrs - security < 30_000           # 35 km vs 15 km from the same line
    inside = destination(*start, 270, security + 5_000)     # between 15 and 35 km
    outside = destination(*start, 270, mlrs + 5_000)        # beyond 35 km
    seen = datetime(2025, 4, 1, 10, tzinfo=UTC)
    launcher = dict(at=seen, event_type="weapons_in_violation", target="military",
                    actor="UA", claims=[("osce", "observation", None)])
    near = make_incident(lon=inside.x, lat=inside.y, **launcher)
    far = make_incident(lon=outside.x, lat=outside.y, **launcher)
    near = type(near)(**{**near.__dict__, "weapon_class": "mlrs"})
    far = type(far)(**{**far.__dict__, "weapon_class": "mlrs"})
    rulings = {(f.incident_id, f.clause_id, n): f for n, f in enumerate(
        adjudicate([near], [minsk]) + adjudicate([far], [minsk]))}
    by_clause = {}
    for (_, clause, _n), f in rulings.items():
        by_clause.setdefault(clause, []).append(f.verdict)
    assert by_clause["mlrs-withdrawn"] == ["confirmed", "not_applicable"]
    assert by_clause["no-fire-in-security-zone"] == ["not_applicable", "not_applicable"]
    assert geodesic_distance_m(*start, inside.x, inside.y) < mlrs


@pytest.fixture(scope="module")
def energy_with_facilities(tmp_path_factory, repo_root, shared_data):
    text = (repo_root / "examples/agreements/energy-moratorium-2025.yaml").read_text()
    text = text.replace("zones:", "zones_unused:") if "zones:" in text else text
    text = text.replace("clauses:", """zones:
  - id: power-plants
    points:
      file: data:infrastructure/wri_gppd_ukraine_power_plants.csv
      where: {primary_fuel: "Coal|Gas|Nuclear|Hydro|Oil"}
    buffer_km: 3
clauses:""", 1)
    text = text.replace("    windows: [moratorium]", "    windows: [moratorium]\n"
                        "    target_zone: power-plants", 1)
    path = tmp_path_factory.mktemp("a") / "energy.yaml"
    path.write_text(text)
    return load_agreement(path, data_dir=shared_data)


def test_energy_truce_matched_by_proximity_to_a_power_plant(energy_with_facilities):
    a = energy_with_facilities
    assert a.zone("power-plants").kind == "points"
    when = datetime(2025, 4, 4, 12, tzinfo=KYIV)
    # Burshtyn power station (WRI: 24.6665, 49.2104); a strike 1 km away, target unstated.
    near_plant = destination(24.6665, 49.2104, 90, 1_000)
    far_away = destination(24.6665, 49.2104, 90, 20_000)
    hit = make_incident(at=when, lon=near_plant.x, lat=near_plant.y, event_type="drone_strike",
                        target="unspecified")
    miss = make_incident(at=when, lon=far_away.x, lat=far_away.y, event_type="drone_strike",
                         target="unspecified")
    f_hit, f_miss = adjudicate([hit, miss], [a])
    act_hit = next(t for t in f_hit.tests if t.name == "act")
    assert act_hit.outcome == "pass" and "matched by proximity" in act_hit.detail
    assert f_hit.verdict == "alleged"
    assert next(t for t in f_miss.tests if t.name == "act").outcome == "undecided"
    assert f_miss.verdict == "possible"
