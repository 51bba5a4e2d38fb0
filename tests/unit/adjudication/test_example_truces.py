"""The example agreements' real windows, to the minute: a minute before and after each edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.unit.adjudication.factories import make_incident

from truceline.adjudication import adjudicate
from truceline.agreements import load_agreement

CASES = {
    # file: (clause id, first minute inside (UTC), first minute after (UTC))
    "easter-truce-2025.yaml": (datetime(2025, 4, 19, 15, 0, tzinfo=UTC),   # 18:00 MSK
                               datetime(2025, 4, 20, 21, 0, tzinfo=UTC)),  # 21 Apr 00:00 MSK
    "victory-day-truce-2025.yaml": (datetime(2025, 5, 7, 21, 0, tzinfo=UTC),   # 8 May 00:00
                                    datetime(2025, 5, 10, 21, 0, tzinfo=UTC)),  # 11 May 00:00
}


@pytest.mark.parametrize("name", CASES)
def test_a_minute_before_and_after_each_edge(repo_root, name):
    agreement = load_agreement(repo_root / "examples/agreements" / name)
    opens, closes = CASES[name]
    minute = timedelta(minutes=1)
    verdicts = [f.verdict for at in (opens - minute, opens, closes - minute, closes)
                for f in adjudicate([make_incident(at=at, actor="RU")], [agreement])]
    assert verdicts == ["not_applicable", "alleged", "alleged", "not_applicable"]


def test_energy_moratorium_edges_per_reading(repo_root):
    agreement = load_agreement(repo_root / "examples/agreements/energy-moratorium-2025.yaml")
    minute = timedelta(minutes=1)
    ru_start = datetime(2025, 3, 17, 21, 0, tzinfo=UTC)   # 18 March 00:00 Moscow
    ua_start = datetime(2025, 3, 24, 21, 0, tzinfo=UTC)   # 25 March 00:00 Moscow
    ru_end = datetime(2025, 4, 16, 21, 0, tzinfo=UTC)     # 17 April 00:00 Moscow
    ua_end = datetime(2025, 4, 23, 21, 0, tzinfo=UTC)     # 24 April 00:00 Moscow

    def verdict(at):
        inc = make_incident(at=at, actor="RU", event_type="missile_strike", target="energy")
        (f,) = adjudicate([inc], [agreement])
        return f.verdict

    assert verdict(ru_start - minute) == "not_applicable"   # before either reading
    assert verdict(ru_start) == "possible"                  # in force only by RU's reading
    assert verdict(ua_start - minute) == "possible"
    assert verdict(ua_start) == "alleged"                   # in force by both readings
    assert verdict(ru_end - minute) == "alleged"
    assert verdict(ru_end) == "possible"                    # over for RU, not for UA
    assert verdict(ua_end - minute) == "possible"
    assert verdict(ua_end) == "not_applicable"
