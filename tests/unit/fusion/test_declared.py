"""Fusion v1: declared grouping, best estimates, order independence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from truceline.domain import Claim, Place, TimeSpan
from truceline.fusion import fuse


def claim(n: int, ref: str | None, **kw) -> Claim:
    base = dict(report_id=f"r{n}", source_id=f"s{n}", event_type="drone_strike")
    return Claim(**(base | kw), incident_ref=ref)


def test_claims_sharing_a_ref_become_one_incident_with_best_estimates():
    day = TimeSpan.local_days(date(2025, 3, 19), tz="Europe/Kyiv")
    minute = TimeSpan.instant(datetime(2025, 3, 19, 1, 30, tzinfo=UTC))
    claims = [
        claim(1, "x", when=day, place=Place(name="Krasnodar Krai", lon=39.0, lat=45.0,
                                            precision=3), actor="UA", target_type="energy"),
        claim(2, "x", when=minute, place=Place(name="Kavkazskaya", lon=40.68, lat=45.45),
              actor="UA", event_type="attack_unspecified"),
        claim(3, "x", stance="denial", actor="UA"),
        claim(4, None, actor="RU"),
    ]
    incs = fuse(claims)
    assert len(incs) == 2
    x = next(i for i in incs if len(i.claims) == 3)
    assert x.event_type == "drone_strike"          # the specific type beats "unspecified"
    assert x.when == minute                        # the narrowest span
    assert x.place.name == "Kavkazskaya"           # the most precise place
    assert x.target_type == "energy" and x.actor == "UA" and x.disputed


@settings(max_examples=50, deadline=None)
@given(st.permutations(list(range(6))))
def test_fusion_does_not_depend_on_input_order(order):
    claims = [claim(n, "ab"[n % 2] if n < 4 else None, actor="RU" if n % 3 else "UA")
              for n in range(6)]
    base = fuse(claims)
    assert fuse([claims[i] for i in order]) == base
    assert fuse([c for i in base for c in i.claims]) == base  # idempotent
