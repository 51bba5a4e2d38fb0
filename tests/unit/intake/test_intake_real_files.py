"""Intake of the three real event files (read once each per module)."""

from __future__ import annotations

import inspect
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from truceline.domain.vocab import EVENT_TYPES, TARGET_TYPES, WEAPON_CLASSES
from truceline.intake import Quarantined, Record, detect_mapping, file_encoding, read

UCDP = "events/ucdp/ucdp_ged_ukraine_2014_2023_peacerep.csv"
ACLED = "events/restricted_license/acled_ukraine_sample1000_peacerep.csv"
MISSILES = "events/massive_missile_attacks/missile_attacks_daily.csv"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
# (data rows, records, quarantined), measured and pinned.
EXPECTED = {UCDP: (3883, 3883, 0), ACLED: (1000, 1000, 0), MISSILES: (3701, 3701, 0)}


@pytest.fixture(scope="module")
def results(shared_data: Path) -> dict[str, list[Record | Quarantined]]:
    return {rel: list(read(shared_data / rel, received_at=WHEN)) for rel in EXPECTED}


def _records(results: dict, rel: str) -> list[Record]:
    return [r for r in results[rel] if isinstance(r, Record)]


@pytest.mark.parametrize("rel", list(EXPECTED))
def test_counts_are_exact_and_nothing_is_dropped(results: dict, rel: str) -> None:
    rows, n_records, n_quarantined = EXPECTED[rel]
    out = results[rel]
    records = [r for r in out if isinstance(r, Record)]
    quarantined = [r for r in out if isinstance(r, Quarantined)]
    assert len(records) + len(quarantined) == rows
    assert (len(records), len(quarantined)) == (n_records, n_quarantined)
    assert [r.row for r in out] == list(range(1, rows + 1))
    for q in quarantined:
        assert q.reason and "Fix:" in q.reason
    print(rel, Counter(q.reason.split(":")[0] for q in quarantined))


@pytest.mark.parametrize("rel", list(EXPECTED))
def test_claims_use_only_the_vocabularies(results: dict, rel: str) -> None:
    for rec in _records(results, rel):
        for c in rec.claims:
            assert c.event_type in EVENT_TYPES
            assert c.target_type in TARGET_TYPES
            assert c.weapon_class is None or c.weapon_class in WEAPON_CLASSES
            assert c.when is not None and c.when.start.tzinfo is not None


def test_detection_and_encodings(shared_data: Path) -> None:
    assert detect_mapping(shared_data / UCDP) == "ucdp"
    assert detect_mapping(shared_data / ACLED) == "acled"
    assert detect_mapping(shared_data / MISSILES) == "missile_attacks"
    assert file_encoding(shared_data / UCDP).name == "cp1252"
    assert file_encoding(shared_data / ACLED).name == "utf-8"


def test_ucdp_rows(results: dict) -> None:
    recs = _records(results, UCDP)
    first = recs[0]
    c = first.claims[0]
    assert c.incident_ref == "147997" and c.source_id == "ucdp-ged"
    assert c.when.start == datetime(2014, 1, 21, 22, tzinfo=UTC)  # 22 Jan 2014, Kyiv (UTC+2)
    assert c.when.end == datetime(2014, 1, 22, 22, tzinfo=UTC)
    assert c.when.tz == "Europe/Kyiv" and c.when.precision == "day"
    assert (c.place.lon, c.place.lat, c.place.precision) == (30.52333, 50.45, 1)
    assert c.place.name == "Kiev city" and c.place.country == "Ukraine"
    assert c.actor is None and c.alleged_by is None and c.stance == "allegation"
    assert dict(c.quantities)["fatalities_best"] == 5.0
    assert first.report.origin.endswith(":1")
    # second date format of the mixed column: 05/02/2014 00:00 is 2 May (EEST, UTC+3)
    c13 = recs[12].claims[0]
    assert c13.incident_ref == "153027"
    assert c13.when.start == datetime(2014, 5, 1, 21, tzinfo=UTC)
    assert "date_format=%m/%d/%Y %H:%M" in c13.when.flags
    # non-ASCII cp1252 text decoded (a right single quote, 0x92 in cp1252)
    texts = "".join(json.loads(r.report.content)["source_headline"] for r in recs[:400])
    assert "’" in texts
    # one-sided violence names its perpetrator; dyads do not
    assert Counter(r.claims[0].actor for r in recs) == {None: 3877, "RU": 6}


def test_acled_rows(results: dict) -> None:
    recs = {r.claims[0].incident_ref: r for r in _records(results, ACLED) if r.claims}
    c = recs["UKR148723"].claims[0]
    assert c.event_type == "artillery_shelling" and c.actor == "RU"
    assert c.when.start == datetime(2024, 2, 15, 22, tzinfo=UTC)
    assert (c.place.lon, c.place.lat, c.place.precision) == (35.2597, 50.7746, 2)
    assert c.place.admin1 == "Sumy" and c.place.name == "Krasnopillia"
    c = recs["UKR10558"].claims[0]
    assert (c.event_type, c.actor, c.weapon_class) == ("armed_clash", "NAF", "small_arms")
    assert c.when.start == datetime(2018, 10, 8, 21, tzinfo=UTC)  # 9 Oct 2018, EEST
    assert recs["UKR10558"].report.published_at == datetime(2024, 2, 20, 23, 41, 37, tzinfo=UTC)
    # time_precision 2 (week, coded mid-week) and 3 (month, coded on the 15th) widen the day
    week = recs["UKR153731"].claims[0].when  # 07/02/2024, precision 2: 4..10 Feb, Kyiv time
    assert (week.start, week.end) == (datetime(2024, 2, 3, 22, tzinfo=UTC),
                                       datetime(2024, 2, 10, 22, tzinfo=UTC))
    assert "date_uncertainty=±3d" in week.flags and week.precision == "span"
    month = recs["UKR96358"].claims[0].when  # 15/03/2022, precision 3: the whole of March
    assert (month.start, month.end) == (datetime(2022, 2, 28, 22, tzinfo=UTC),
                                        datetime(2022, 3, 31, 21, tzinfo=UTC))
    assert "date_uncertainty=month" in month.flags
    widened = [r for r in _records(results, ACLED) if r.claims and any(
        f.startswith("date_uncertainty") for f in r.claims[0].when.flags)]
    assert len(widened) == 9  # 10 such rows; one, a strategic development, has no claim
    all_recs = _records(results, ACLED)
    types = Counter(c.event_type for r in all_recs for c in r.claims)
    assert types["drone_strike"] > 0 and types["mlrs_strike"] > 0 and types["missile_strike"] > 0
    # protests, riots and non-kinetic strategic developments: report kept, no claim
    assert sum(1 for r in all_recs if not r.claims) == 17
    actors = Counter(r.claims[0].actor for r in all_recs if r.claims)
    assert actors["RU"] > actors["UA"] > 0


def test_missile_attack_rows(results: dict) -> None:
    recs = _records(results, MISSILES)
    c = recs[0].claims[0]
    assert (c.actor, c.alleged_by, c.stance, c.source_id) == ("RU", "UA", "allegation",
                                                              "ua-air-force")
    assert (c.weapon, c.weapon_class, c.event_type) == ("Shahed-136/131", "drone", "drone_strike")
    assert c.when.start == datetime(2026, 5, 16, 15, tzinfo=UTC)  # 18:00 Kyiv (EEST)
    assert c.when.end == datetime(2026, 5, 17, 5, 1, tzinfo=UTC)
    assert dict(c.quantities) == {"launched": 287.0, "destroyed": 279.0, "not_reach_goal": 0.0}
    assert "launched 287, destroyed 279" in c.evidence and c.place is None
    day = recs[2].claims[0]  # date-only row: a Kyiv calendar day
    assert (day.when.start, day.when.precision) == (datetime(2026, 5, 15, 21, tzinfo=UTC), "day")
    placed = recs[65].claims[0].place
    assert placed.name.startswith("Dnipro oblast, Odesa oblast") and placed.precision == 3
    assert placed.lon is None
    x101 = recs[11].claims[0]
    assert (x101.weapon, x101.weapon_class, x101.event_type) == (
        "X-101/X-555", "cruise_missile", "missile_strike")
    classes = Counter(r.claims[0].weapon_class for r in recs)
    assert classes["ballistic_missile"] > 0 and classes["guided_bomb"] > 0


def test_determinism_and_streaming(shared_data: Path, results: dict) -> None:
    gen = read(shared_data / MISSILES, received_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert inspect.isgenerator(gen)
    again = [r.report.id for r in gen if isinstance(r, Record)]
    assert again == [r.report.id for r in _records(results, MISSILES)]
    content = json.loads(_records(results, ACLED)[0].report.content)
    assert list(content)[:3] == ["id", "iso", "event_id_cnty"]  # header order kept


def test_progress_is_reported(shared_data: Path) -> None:
    calls: list[tuple[int, int]] = []
    n = sum(1 for _ in read(shared_data / ACLED, progress=lambda a, b: calls.append((a, b))))
    assert n == 1000
    size = (shared_data / ACLED).stat().st_size
    assert calls[-1] == (size, size) and all(0 < a <= b for a, b in calls)
