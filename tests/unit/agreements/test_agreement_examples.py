"""The examples load; the schema file is current; real zones have the right extent."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from shapely.geometry import Point, shape
from shapely.ops import nearest_points

from truceline.agreements import agreement_json_schema, load_agreement
from truceline.agreements._schema import schema_text
from truceline.geo import azimuth, destination, geodesic_distance_m, to_metric, to_wgs84

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((REPO / "examples" / "agreements").glob("*.yaml"))
SNAPSHOT = "frontline/deepstate/deepstatemap_data_20250318.geojson"


def test_there_are_four_examples():
    assert {p.stem for p in EXAMPLES} >= {"energy-moratorium-2025", "easter-truce-2025",
                                          "victory-day-truce-2025", "minsk-style-withdrawal"}


def test_checked_in_schema_is_current():
    assert (REPO / "schemas" / "agreement.v1.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_validate_against_json_schema(path):
    schema = agreement_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text()))


def test_json_schema_rejects_what_the_loader_rejects():
    doc = yaml.safe_load(EXAMPLES[0].read_text())
    doc["titel"] = doc.pop("title")
    assert not jsonschema.Draft202012Validator(agreement_json_schema()).is_valid(doc)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_load(path, shared_data):
    agreement = load_agreement(path, data_dir=shared_data)
    assert agreement.source.startswith(("http", "Kremlin", "Minsk"))
    assert agreement.sha256 and agreement.origin == str(path)
    for clause in agreement.clauses:
        assert set(clause.parties) <= set(agreement.party_codes)


def test_easter_window_in_utc():
    window = load_agreement(REPO / "examples/agreements/easter-truce-2025.yaml").windows[0]
    assert window.start == datetime(2025, 4, 19, 15, 0, tzinfo=UTC)
    assert window.end == datetime(2025, 4, 20, 21, 0, tzinfo=UTC)
    assert window.tz == "Europe/Moscow"


def test_victory_day_window_in_utc():
    window = load_agreement(REPO / "examples/agreements/victory-day-truce-2025.yaml").windows[0]
    assert (window.start, window.end) == (datetime(2025, 5, 7, 21, tzinfo=UTC),
                                          datetime(2025, 5, 10, 21, tzinfo=UTC))


def test_energy_moratorium_disputed_start():
    window = load_agreement(REPO / "examples/agreements/energy-moratorium-2025.yaml").windows[0]
    assert window.disputed
    by_party = {r.party: r.at for r in window.start_readings}
    assert by_party["RU"] == datetime(2025, 3, 17, 21, tzinfo=UTC)
    assert by_party["UA"] == datetime(2025, 3, 24, 21, tzinfo=UTC)
    assert window.start == by_party["RU"]  # earliest reading
    assert window.end == datetime(2025, 4, 23, 21, tzinfo=UTC)  # latest reading


@pytest.fixture(scope="module")
def minsk(shared_data):
    started = time.perf_counter()
    agreement = load_agreement(REPO / "examples/agreements/minsk-style-withdrawal.yaml",
                               data_dir=shared_data)
    return agreement, time.perf_counter() - started


@pytest.fixture(scope="module")
def front(shared_data):
    """The controlled area, its edge in metres, and a line point near Pokrovsk."""
    doc = json.loads((shared_data / SNAPSHOT).read_text())
    ctrl = shape(doc["features"][0]["geometry"])
    edge_m, crs = to_metric(ctrl.boundary)
    pokrovsk = Point(37.18, 48.28)
    near = to_wgs84(nearest_points(edge_m, to_metric(pokrovsk, crs)[0])[0], crs)
    return ctrl, edge_m, crs, near, azimuth(near.x, near.y, pokrovsk.x, pokrovsk.y)


def _at_distance(front, metres):
    """Walk from the line point away from the controlled area until the edge is ``metres`` away."""
    _, edge_m, crs, start, az = front

    def dist(along: float) -> float:
        q = destination(start.x, start.y, az, along)
        n = to_wgs84(nearest_points(edge_m, to_metric(q, crs)[0])[0], crs)
        return geodesic_distance_m(q.x, q.y, n.x, n.y)

    lo, hi = 0.0, 60_000.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if dist(mid) < metres else (lo, mid)
    point = destination(start.x, start.y, az, lo)
    assert abs(dist(lo) - metres) < 5
    return point


def test_security_zone_15_km_from_real_line(minsk, front):
    zone = minsk[0].zone("security-zone")
    assert zone.kind == "contact_line_buffer"
    assert "15 km on both sides" in zone.description
    inside, outside = _at_distance(front, 14_000), _at_distance(front, 16_000)
    assert not front[0].contains(inside)  # UA side
    assert zone.geometry.contains(inside)
    assert not zone.geometry.contains(outside)


def test_side_specific_buffers_keep_their_side(write, shared_data, front):
    ctrl, _, _, start, az = front
    text = f"""\
schema_version: 1
id: sides
title: Sides
parties: [{{code: RU}}, {{code: UA}}]
windows: [{{id: w, start: 2025-03-18, timezone: Europe/Kyiv}}]
zones:
  - id: ua-side
    contact_line: {{snapshot: "data:{SNAPSHOT}", controlled_by: RU,
                    territory: "data:boundaries/osm_ua_oblasts.geojson"}}
    buffer_km: 15
    side: UA
  - id: ru-side
    contact_line: {{snapshot: "data:{SNAPSHOT}", controlled_by: RU,
                    territory: "data:boundaries/osm_ua_oblasts.geojson"}}
    buffer_km: 15
    side: RU
clauses: [{{id: c, prohibits: {{}}, parties: [RU, UA]}}]
"""
    agreement = load_agreement(write(text), data_dir=shared_data)
    ua, ru = agreement.zone("ua-side").geometry, agreement.zone("ru-side").geometry
    ua_point = _at_distance(front, 10_000)
    ru_point = destination(start.x, start.y, az + 180, 5_000)
    assert ctrl.contains(ru_point) and not ctrl.contains(ua_point)
    assert ua.contains(ua_point) and not ua.contains(ru_point)
    assert ru.contains(ru_point) and not ru.contains(ua_point)
    assert ua.intersection(ru).area < 1e-6


def test_contact_line_excludes_state_border(minsk):
    zone = minsk[0].zone("security-zone").geometry
    assert not zone.contains(Point(39.6, 47.9))  # Luhansk–Rostov border, deep in RU-held land
    assert "line 1134 km" in minsk[0].zone("security-zone").description


def test_loading_real_snapshot_is_fast(minsk, shared_data):
    _, first = minsk
    assert first < 8.0  # four buffers of a 1,100 km line; measured about 1.5 s
    started = time.perf_counter()
    load_agreement(REPO / "examples/agreements/minsk-style-withdrawal.yaml", data_dir=shared_data)
    assert time.perf_counter() - started < 2.0  # derived zones are cached in-process
