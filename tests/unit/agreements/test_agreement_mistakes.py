"""Every mistake is reported with its line, its message and a fix."""

from __future__ import annotations

import pytest

from truceline.agreements import check_agreement, load_agreement
from truceline.errors import AgreementReferenceError, AgreementSchemaError


def _one(problems, fragment):
    hits = [p for p in problems if fragment in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].fix
    return hits[0]


def test_good_file_has_no_problems(good, write):
    assert check_agreement(write(good)) == []


CASES = [
    # (replace old, new, expected message fragment, expected line)
    ("title: Test truce", "titel: Test truce",
     "unknown key 'titel' in the top level; did you mean 'title'?", 3),
    ("title: Test truce\n", "", "missing required key 'title' in the top level", 1),
    ("schema_version: 1", "schema_version: 2",
     "schema_version 2 is not supported; this Truceline reads agreement format v1", 1),
    ("start: 2025-04-19T18:00", "start: 2025-04-19 6pm", "'2025-04-19 6pm' is not a date-time", 9),
    ("timezone: Europe/Moscow", "timezone: Europe/Moskow",
     "unknown time zone 'Europe/Moskow'; did you mean 'Europe/Moscow'?", 11),
    ("end: 2025-04-21T00:00", "end: 2025-04-18T00:00",
     "window 'main' ends (2025-04-18T00:00:00+03:00) before or when it starts", 10),
    ("zone: box", "zone: boxx",
     "clause 'no-fire' refers to unknown zone 'boxx'; did you mean 'box'?", 19),
    ("windows: [main]", "windows: [mian]",
     "clause 'no-fire' refers to unknown window 'mian'; did you mean 'main'?", 20),
    ("parties: [RU, UA]", "parties: [RU, UK]", "party 'UK' is not a declared party", 18),
    ("event_types: [artillery_shelling]", "event_types: [artillery_shelled]",
     "unknown event type 'artillery_shelled'; did you mean 'artillery_shelling'?", 17),
    ("prohibits: {event_types: [artillery_shelling]}", "prohibits: {target_types: [enrgy]}",
     "unknown target type 'enrgy'; did you mean 'energy'?", 17),
    ("prohibits: {event_types: [artillery_shelling]}",
     "prohibits: {weapon_classes: [tactical_missiles]}",
     "unknown weapon class 'tactical_missiles'; did you mean 'tactical_missile'?", 17),
    ("geojson: box.geojson", "geojson: nowhere.geojson",
     "zone 'box': zone file 'nowhere.geojson' does not exist", 14),
    ("geojson: box.geojson", "geojson: box.geojson\n    buffer_km: -5",
     "'zones[0].buffer_km' must be greater than 0, got -5", 15),
    ("geojson: box.geojson", "geojson: box.geojson\n    geojson: other.geojson",
     "duplicate key 'geojson' (first on line 14)", 15),
]


@pytest.mark.parametrize(("old", "new", "fragment", "line"), CASES,
                         ids=[c[2][:40] for c in CASES])
def test_mistake_is_located(good, write, old, new, fragment, line):
    """Each mistake is reported on its own line, with a fix."""
    assert old in good
    problems = check_agreement(write(good.replace(old, new, 1)))
    problem = _one(problems, fragment)
    assert problem.line == line, str(problem)
    assert problem.file.endswith("agreement.yaml")


def test_duplicate_ids(good, write):
    text = good.replace("  - id: no-fire\n", "  - id: no-fire\n    prohibits: {}\n"
                        "    parties: [RU]\n  - id: no-fire\n")
    p = _one(check_agreement(write(text)), "duplicate clause id 'no-fire' (also at line 16)")
    assert p.line == 19


def test_disputed_reading_by_undeclared_party(good, write):
    text = good.replace("start: 2025-04-19T18:00", "start:\n      disputed:\n"
                        "        - {party: RU, at: 2025-04-19T18:00}\n"
                        "        - {party: US, at: 2025-04-19T20:00}")
    p = _one(check_agreement(write(text)), "reading by 'US' is not a declared party")
    assert p.line == 12
    assert p.path == "windows[0].start.disputed[1].party"


def test_disputed_edges_take_widest_reading(good, write):
    text = good.replace("start: 2025-04-19T18:00", "start:\n      disputed:\n"
                        "        - {party: RU, at: 2025-04-19T18:00}\n"
                        "        - {party: UA, at: 2025-04-19T20:00, note: later}")
    window = load_agreement(write(text)).windows[0]
    assert window.disputed
    assert window.start.hour == 18
    assert [r.party for r in window.start_readings] == ["RU", "UA"]


def test_offset_must_agree_with_zone(good, write):
    text = good.replace("start: 2025-04-19T18:00", "start: 2025-04-19T18:00+02:00")
    p = _one(check_agreement(write(text)), "has offset +02:00 but Europe/Moscow is at +03:00")
    assert p.line == 9


def test_all_problems_reported_at_once(good, write):
    text = good.replace("titel", "x").replace("title: Test truce", "titel: T").replace(
        "timezone: Europe/Moscow", "timezone: Mars/Olympus").replace("zone: box", "zone: nope")
    with pytest.raises(AgreementSchemaError) as info:
        load_agreement(write(text))
    messages = " | ".join(p.message for p in info.value.problems)
    assert "unknown key 'titel'" in messages
    assert "unknown time zone 'Mars/Olympus'" in messages
    assert "unknown zone 'nope'" in messages
    assert info.value.exit_code == 2


def test_reference_only_problems_raise_reference_error(good, write):
    with pytest.raises(AgreementReferenceError):
        load_agreement(write(good.replace("zone: box", "zone: nope")))


def test_invalid_geometry(good, write, tmp_path):
    (tmp_path / "bad.geojson").write_text(
        '{"type": "Polygon", "coordinates": [[[36, 49], [36.5, 49]]]}')
    p = _one(check_agreement(write(good.replace("box.geojson", "bad.geojson"))),
             "has an invalid geometry")
    assert p.line == 14


def test_empty_geometry(good, write, tmp_path):
    (tmp_path / "empty.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    p = _one(check_agreement(write(good.replace("box.geojson", "empty.geojson"))),
             "has an empty geometry")
    assert p.line == 14


def test_coordinates_out_of_range_named_as_swap(good, write, tmp_path):
    (tmp_path / "swapped.geojson").write_text(
        '{"type": "Polygon", "coordinates": [[[49, 100], [49.5, 100], [49.5, 101], [49, 100]]]}')
    p = _one(check_agreement(write(good.replace("box.geojson", "swapped.geojson"))),
             "coordinates are in latitude, longitude order")
    assert p.line == 14


def test_swapped_coordinates_inside_range_caught_by_extent(good, write, tmp_path):
    (tmp_path / "swapped.geojson").write_text(
        '{"type": "Polygon", "coordinates": [[[49.8, 36.0], [49.8, 36.5], [50.1, 36.5], '
        '[49.8, 36.0]]]}')
    text = good.replace("box.geojson", "swapped.geojson").replace(
        "parties:\n", "extent: [22, 44, 41, 53]\nparties:\n", 1)
    p = _one(check_agreement(write(text)), "coordinates look like latitude, longitude order")
    assert p.line == 15
    # The same file without an extent and no other zone cannot be judged: no problem.
    assert check_agreement(write(good.replace("box.geojson", "swapped.geojson"))) == []


def test_admin_area_not_found_lists_close_names(good, write, shared_data):
    text = good.replace("geojson: box.geojson", "admin_area: {file: "
                        "data:boundaries/osm_ua_oblasts.geojson, name: Kharkov Oblast}")
    p = _one(check_agreement(write(text), data_dir=shared_data),
             "no area named 'Kharkov Oblast' in osm_ua_oblasts.geojson; close names:")
    assert "Kharkiv Oblast" in p.message
    assert p.line == 14


def test_admin_area_matches_any_language(good, write, shared_data):
    text = good.replace("geojson: box.geojson", "admin_area: {file: "
                        "data:boundaries/osm_ua_oblasts.geojson, name: Харківська область}")
    zone = load_agreement(write(text), data_dir=shared_data).zones[0]
    assert zone.kind == "admin_area"
    assert zone.geometry.contains(__import__("shapely").Point(36.23, 49.99))  # Kharkiv city


def test_data_prefix_without_data_dir(good, write, monkeypatch):
    monkeypatch.delenv("TRUCELINE_DATA", raising=False)
    text = good.replace("geojson: box.geojson", "geojson: data:frontline/x.geojson")
    p = _one(check_agreement(write(text)), "needs a data folder, but none is set")
    assert "TRUCELINE_DATA" in p.fix
    assert p.line == 14


@pytest.mark.parametrize(("text", "fragment", "line"), [
    ("a: &x [1]\nb: *x\n", "YAML anchor '&x' is not allowed", 1),
    ("a: " + "[" * 50 + "]" * 50 + "\n", "nested deeper than 32 levels", 1),
    ("id: x\n  bad: indent\n", "not valid YAML", 2),
    ("", "the file is empty", 1),
])
def test_unsafe_or_broken_yaml(good, write, text, fragment, line):
    p = _one(check_agreement(write(text)), fragment)
    assert p.line == line


def test_missing_file_is_a_problem(tmp_path):
    problems = check_agreement(tmp_path / "nope.yaml")
    assert "does not exist" in problems[0].message
