"""Small hand-written files: encodings, broken rows, JSON Lines, GeoJSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from truceline.domain import Source
from truceline.errors import IntakeError
from truceline.intake import Quarantined, Record, file_encoding, read

HEADER = "event_id,date,event_type,location,longitude,latitude,actor,notes\n"
GOOD = "e1,2025-04-19,drone_strike,Kharkiv,36.23,49.99,RU,drone hit a house\n"
SRC = Source(id="test", name="Test source", kind="monitor")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _read(path: Path, mapping: str = "generic") -> list[Record | Quarantined]:
    return list(read(path, mapping=mapping, source=SRC, received_at=WHEN))


def _split(out: list) -> tuple[list[Record], list[Quarantined]]:
    return ([r for r in out if isinstance(r, Record)],
            [q for q in out if isinstance(q, Quarantined)])


def test_good_row_maps_every_field(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(HEADER + GOOD, encoding="utf-8")
    (rec,) = _read(p)
    c = rec.claims[0]
    assert (c.event_type, c.actor, c.incident_ref, c.source_id) == (
        "drone_strike", "RU", "e1", "test")
    assert (c.place.lon, c.place.lat, c.place.name) == (36.23, 49.99, "Kharkiv")
    assert c.when.tz == "UTC" and c.when.precision == "day"
    assert json.loads(rec.report.content)["notes"] == "drone hit a house"
    assert rec.report.origin == f"{p}:1" and rec.report.received_at == WHEN


def test_cp1251_file(tmp_path: Path) -> None:
    p = tmp_path / "cp1251.csv"
    row = "e2,2025-04-19,artillery_shelling,Харків,36.23,49.99,RU,Обстріл житлового будинку\n"
    p.write_bytes((HEADER + row * 5).encode("cp1251"))
    assert file_encoding(p).name == "cp1251"
    recs, quarantined = _split(_read(p))
    assert len(recs) == 5 and not quarantined
    assert recs[0].claims[0].place.name == "Харків"
    assert "Обстріл" in recs[0].report.text
    assert len({r.report.id for r in recs}) == 1  # identical rows, identical ids


def test_utf16_with_bom_and_utf8_bom(tmp_path: Path) -> None:
    p16 = tmp_path / "u16.csv"
    p16.write_bytes((HEADER + GOOD).encode("utf-16"))
    p8 = tmp_path / "u8.csv"
    p8.write_bytes(b"\xef\xbb\xbf" + (HEADER + GOOD).encode("utf-8"))
    assert file_encoding(p16).name == "utf-16" and file_encoding(p8).name == "utf-8-sig"
    (a,), (b,) = _read(p16), _read(p8)
    assert a.report.id == b.report.id  # same row, same content, whatever the encoding
    assert next(iter(json.loads(b.report.content))) == "event_id"  # BOM not in the header


def test_broken_rows_are_quarantined_with_reasons(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    rows = [
        GOOD,
        "e3,2025-04-19,drone_strike,Kharkiv,36.23,49.99,RU,nul\x00byte\n",
        "e4,2025-04-19,drone_strike,Kharkiv,36.23\n",
        "e5,2025-04-19,drone_strike,Kharkiv,36.23,NaN,RU,half a point\n",
        "e6,2025-04-19,drone_strike,Kharkiv,36.23,136.5,RU,swapped\n",
        "e7,1900-01-01,drone_strike,Kharkiv,36.23,49.99,RU,too early\n",
        "e8,2025-04-19,tank_battle,Kharkiv,36.23,49.99,RU,unknown term\n",
        "e9,not a date,drone_strike,Kharkiv,36.23,49.99,RU,bad date\n",
        "e10,2025-04-19,drone_strike,Kharkiv,NaN,NaN,RU,no point: geocode later\n",
    ]
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    out = _read(p)
    recs, quarantined = _split(out)
    assert len(recs) + len(quarantined) == len(rows)
    assert [r.row for r in recs] == [1, 9]
    assert recs[1].claims[0].place.lon is None and recs[1].claims[0].place.name == "Kharkiv"
    reasons = {q.row: q.reason for q in quarantined}
    assert reasons[2].startswith("NUL byte") and "notes" in reasons[2]
    assert reasons[3].startswith("ragged row: 5 fields but the header has 8 columns")
    assert reasons[4].startswith("bad coordinate") and "NaN" in reasons[4]
    assert reasons[5].startswith("lat/lon swapped?") and "swap" in reasons[5]
    assert reasons[6].startswith("date out of range") and "1900-01-01" in reasons[6]
    assert reasons[7].startswith("not in vocabulary") and "'tank_battle'" in reasons[7]
    assert reasons[8].startswith("unparseable date") and "not a date" in reasons[8]
    assert all("Fix:" in q.reason and q.file == str(p) and q.raw for q in quarantined)


def test_unknown_column_in_mapping_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(HEADER + GOOD, encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("source: {id: x, name: X}\nclaim:\n  event_type: event_kind\n",
                 encoding="utf-8")
    with pytest.raises(IntakeError, match=r"'event_kind'.*does not have"):
        read(p, mapping=m)


def test_field_over_the_cap_is_quarantined(tmp_path: Path, monkeypatch) -> None:
    import truceline.intake._formats as formats

    monkeypatch.setattr(formats, "FIELD_LIMIT", 1000)
    import csv
    old = csv.field_size_limit()
    csv.field_size_limit(1000)
    try:
        p = tmp_path / "long.csv"
        p.write_text(HEADER + GOOD.replace("drone hit", "x" * 5000) + GOOD, encoding="utf-8")
        recs, quarantined = _split(_read(p))
    finally:
        csv.field_size_limit(old)
    assert [q.row for q in quarantined] == [1] and [r.row for r in recs] == [2]
    assert quarantined[0].reason.startswith("unreadable row: field larger than field limit")


def test_jsonl_nesting_is_flattened(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [
        {"id": "j1", "date": "2025-05-08T22:15:00+03:00", "event_type": "missile_strike",
         "place": "Odesa", "geo": {"lon": 30.73, "lat": 46.48}, "tags": ["a", "b"]},
        "not json",
        {"id": "j2", "date": "2025-05-09", "event_type": "drone_strike", "place": "Sumy",
         "geo": {"lon": None, "lat": None}},
    ]
    p.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n",
                 encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text(
        "source: {id: j, name: J}\ntimezone: Europe/Kyiv\nclaim:\n"
        "  event_type: event_type\n  when: {start: date}\n"
        "  place: {name: place, lon: geo.lon, lat: geo.lat}\n", encoding="utf-8")
    recs, quarantined = _split(list(read(p, mapping=m)))
    assert [r.row for r in recs] == [1, 3] and quarantined[0].row == 2
    assert quarantined[0].reason.startswith("invalid JSON")
    c = recs[0].claims[0]
    assert (c.place.lon, c.place.lat) == (30.73, 46.48)
    assert c.when.start == datetime(2025, 5, 8, 19, 15, tzinfo=UTC) and c.when.is_exact
    assert json.loads(recs[0].report.content)["tags"] == '["a","b"]'
    assert recs[1].claims[0].when.precision == "day" and recs[1].claims[0].place.lon is None


def test_geojson_points_and_polygon_centroid(tmp_path: Path) -> None:
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.04, 48.46]},
         "properties": {"date": "2025-04-20", "event_type": "artillery_shelling",
                        "location": "Dnipro"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [[30, 50], [32, 50], [32, 52], [30, 52], [30, 50]]]},
         "properties": {"date": "2025-04-20", "event_type": "drone_strike",
                        "location": "somewhere north"}},
    ]}
    p = tmp_path / "a.geojson"
    p.write_text(json.dumps(fc), encoding="utf-8")
    recs, quarantined = _split(_read(p))
    assert not quarantined and len(recs) == 2
    point, poly = recs[0].claims[0].place, recs[1].claims[0].place
    assert (point.lon, point.lat, point.precision) == (35.04, 48.46, 1)
    assert (poly.lon, poly.lat, poly.precision) == (31.0, 51.0, 2)
    assert "centroid of a Polygon" in poly.note
    assert json.loads(recs[1].report.content)["geometry"].startswith('{"type":"Polygon"')


def test_missing_file_and_no_fitting_mapping(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="no such file"):
        read(tmp_path / "nope.csv")
    p = tmp_path / "a.csv"
    p.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(IntakeError, match=r"Known mappings: .*acled.*ucdp"):
        read(p)


def test_date_uncertainty_per_row_widens_or_quarantines(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(
        "format: csv\ntimezone: Europe/Kyiv\nsource: {id: t, name: T}\nclaim:\n"
        "  event_type: event_type\n  when:\n    start: date\n"
        "    uncertainty: {column: prec, map: {'1': 0, '2': week, '3': month}}\n",
        encoding="utf-8")
    p = tmp_path / "u.csv"
    p.write_text("date,event_type,prec\n2025-04-16,drone_strike,1\n2025-04-16,drone_strike,2\n"
                 "2025-04-15,drone_strike,3\n2025-04-16,drone_strike,9\n", encoding="utf-8")
    recs, bad = _split(list(read(p, mapping=m, received_at=WHEN)))
    day, week, month = (r.claims[0].when for r in recs)
    kyiv = timedelta(hours=3)  # EEST
    assert (day.start, day.end) == (datetime(2025, 4, 16, tzinfo=UTC) - kyiv,
                                    datetime(2025, 4, 17, tzinfo=UTC) - kyiv)
    assert (week.start, week.end) == (datetime(2025, 4, 13, tzinfo=UTC) - kyiv,
                                      datetime(2025, 4, 20, tzinfo=UTC) - kyiv)
    assert (month.start, month.end) == (datetime(2025, 4, 1, tzinfo=UTC) - kyiv,
                                        datetime(2025, 5, 1, tzinfo=UTC) - kyiv)
    assert "date_uncertainty=month" in month.flags and "date_uncertainty" not in str(day.flags)
    (q,) = bad
    assert q.row == 4 and q.reason.startswith("bad date uncertainty") and "'9'" in q.reason
    assert "Fix:" in q.reason


def test_widen_refuses_what_is_not_a_day_count() -> None:
    from truceline.domain import TimeSpan
    from truceline.intake._dates import widen

    day = TimeSpan.local_days(date(2025, 4, 16), tz="Europe/Kyiv")
    assert widen(day, 0, tz="Europe/Kyiv") is day
    for bad in ("inf", "nan", "-2", "400", "fortnight"):
        with pytest.raises(ValueError):
            widen(day, bad, tz="Europe/Kyiv")
