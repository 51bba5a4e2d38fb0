"""Window edges: exact minutes, time zones, DST, dates at a truce's edge, disputed starts."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from tests.unit.adjudication.factories import easter, make_incident, moratorium

from truceline.adjudication import adjudicate
from truceline.domain import Agreement, Clause, Window


def rule(agreement: Agreement, incident):
    (finding,) = adjudicate([incident], [agreement])
    return finding


def window(f):
    return next(t for t in f.tests if t.name == "window")


MSK = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(("local", "verdict"), [
    (datetime(2025, 4, 19, 17, 59), "not_applicable"),   # a minute before the truce
    (datetime(2025, 4, 19, 18, 0), "alleged"),           # the first minute of the truce
    (datetime(2025, 4, 20, 23, 59), "alleged"),          # the last minute
    (datetime(2025, 4, 21, 0, 0), "not_applicable"),     # the minute it ended
])
def test_easter_truce_edges_to_the_minute(local, verdict):
    f = rule(easter(), make_incident(at=local.replace(tzinfo=MSK)))
    assert f.verdict == verdict


def test_same_instant_written_in_utc():
    before = datetime(2025, 4, 19, 14, 59, tzinfo=UTC)   # 17:59 MSK
    inside = datetime(2025, 4, 19, 15, 0, tzinfo=UTC)    # 18:00 MSK
    assert rule(easter(), make_incident(at=before)).verdict == "not_applicable"
    assert rule(easter(), make_incident(at=inside)).verdict == "alleged"


def test_window_detail_shows_the_time_zone_arithmetic():
    f = rule(easter(), make_incident(at=datetime(2025, 4, 19, 14, 59, tzinfo=UTC)))
    d = window(f).detail
    assert "2025-04-19 18:00 Europe/Moscow (UTC+0300; 2025-04-19 15:00 UTC)" in d
    assert "17:59" in d and "outside" in d


def test_date_only_on_the_day_the_truce_begins_is_possible():
    f = rule(easter(), make_incident(day=(2025, 4, 19)))
    assert f.verdict == "possible"
    assert window(f).outcome == "undecided"
    assert "only the date" in window(f).detail


def test_date_only_inside_and_after():
    assert rule(easter(), make_incident(day=(2025, 4, 20))).verdict == "alleged"
    # 21 April in Moscow starts exactly when the truce ends: outside.
    assert rule(easter(), make_incident(day=(2025, 4, 21))).verdict == "not_applicable"


def test_date_without_time_zone_is_widened_and_flagged():
    # 20 April with no zone spans every zone on Earth: it straddles the end of the truce.
    f = rule(easter(), make_incident(day=(2025, 4, 20), tz=None))
    assert f.verdict == "possible"
    assert "gave no time zone" in window(f).detail


def test_dst_switch_is_respected():
    kyiv = ZoneInfo("Europe/Kyiv")

    def at(day: int) -> Agreement:
        return Agreement(id="dst", title="dst", parties=easter().parties,
                         windows=(Window(id="w", start=datetime(2025, 3, day, 4, 30, tzinfo=kyiv),
                                         end=None, tz="Europe/Kyiv"),),
                         clauses=(Clause(id="c"),))

    # Kyiv moved from UTC+2 to UTC+3 at 2025-03-30 03:00 local (01:00 UTC):
    # 04:30 local is 01:30 UTC after the switch, 02:30 UTC the day before.
    after, before = at(30), at(29)
    assert rule(after, make_incident(at=datetime(2025, 3, 30, 1, 29, tzinfo=UTC))).verdict == \
        "not_applicable"
    assert rule(after, make_incident(at=datetime(2025, 3, 30, 1, 30, tzinfo=UTC))).verdict == \
        "alleged"
    assert rule(before, make_incident(at=datetime(2025, 3, 29, 2, 29, tzinfo=UTC))).verdict == \
        "not_applicable"
    assert rule(before, make_incident(at=datetime(2025, 3, 29, 2, 30, tzinfo=UTC))).verdict == \
        "alleged"


def test_disputed_start_between_readings_is_possible():
    kyiv = ZoneInfo("Europe/Kyiv")
    inc = make_incident(at=datetime(2025, 3, 20, 12, 0, tzinfo=kyiv), event_type="drone_strike",
                        target="energy")
    f = rule(moratorium(), inc)
    assert f.verdict == "possible"
    d = window(f).detail
    assert "RU reads it as" in d and "UA reads it as" in d and "disagree" in d


def test_disputed_start_after_both_readings_is_settled():
    kyiv = ZoneInfo("Europe/Kyiv")
    inc = make_incident(at=datetime(2025, 4, 4, 12, 0, tzinfo=kyiv), event_type="drone_strike",
                        target="energy")
    f = rule(moratorium(), inc)
    assert f.verdict == "alleged"
    assert "All readings agree" in window(f).detail


def test_no_date_is_undecided():
    f = rule(easter(), make_incident())
    assert window(f).outcome == "undecided"
    assert f.verdict == "possible"
