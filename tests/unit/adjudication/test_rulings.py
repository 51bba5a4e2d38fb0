"""Zone, act, party and evidence tests of a ruling, and the verdict they add up to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.unit.adjudication.factories import easter, make_incident, moratorium, zoned

from truceline.adjudication import adjudicate
from truceline.reporting import explain_lines

IN_TRUCE = datetime(2025, 4, 20, 10, 0, tzinfo=UTC)
IN_MORATORIUM = datetime(2025, 4, 4, 10, 0, tzinfo=UTC)


def outcome_of(f, name):
    return next(t for t in f.tests if t.name == name)


def rule(agreement, incident):
    (finding,) = adjudicate([incident], [agreement])
    return finding


@pytest.mark.parametrize(("lon", "lat", "precision", "outcome"), [
    (30.5, 48.5, 1, "pass"),        # middle of the box
    (31.5, 48.5, 1, "fail"),        # east of it
    (30.999, 48.5, 1, "pass"),      # just inside the edge, exact place
    (30.95, 48.5, 2, "undecided"),  # ~3.7 km from the edge, place stands for 10 km
    (30.5, 48.5, 2, "pass"),        # ~37 km from every edge: settled despite precision 2
    (30.5, 48.5, 3, "undecided"),   # a region: 100 km radius crosses the edge
])
def test_zone_membership_respects_precision(lon, lat, precision, outcome):
    f = rule(zoned(), make_incident(at=IN_TRUCE, lon=lon, lat=lat, precision=precision))
    assert outcome_of(f, "zone").outcome == outcome


def test_zone_membership_is_vectorised_over_all_incidents():
    from truceline.adjudication._tests import zone_membership

    zone = zoned().zones[0]
    incs = [make_incident(at=IN_TRUCE, lon=30 + i / 10, lat=48.5) for i in range(15)]
    got = zone_membership(zone, incs).tolist()
    # 30.0 and 31.0 lie exactly on the edge: a zone contains its interior only.
    assert got == [0] + [1] * 9 + [0] * 5


def test_no_coordinates_is_undecided():
    inc = make_incident(at=IN_TRUCE)
    inc = type(inc)(**{**inc.__dict__, "place": None})
    f = rule(zoned(), inc)
    assert outcome_of(f, "zone").outcome == "undecided"
    assert f.verdict == "possible"


@pytest.mark.parametrize(("event_type", "target", "outcome"), [
    ("drone_strike", "energy", "pass"),
    ("drone_strike", "residential", "fail"),
    ("ground_assault", "energy", "fail"),
    ("attack_unspecified", "energy", "undecided"),
    ("drone_strike", "unspecified", "undecided"),
])
def test_act_test_against_energy_clause(event_type, target, outcome):
    f = rule(moratorium(), make_incident(at=IN_MORATORIUM, event_type=event_type, target=target))
    assert outcome_of(f, "act").outcome == outcome


@pytest.mark.parametrize(("actor", "outcome"), [("RU", "pass"), ("UA", "pass"),
                                                 (None, "undecided"), ("XX", "fail")])
def test_party_test(actor, outcome):
    f = rule(easter(), make_incident(at=IN_TRUCE, actor=actor))
    assert outcome_of(f, "party").outcome == outcome


def test_one_sided_allegation_is_alleged():
    f = rule(easter(), make_incident(at=IN_TRUCE, claims=[("ua-gs", "allegation", "UA")]))
    assert f.verdict == "alleged"
    assert any("Only UA's side" in r for r in f.reasons)


def test_two_sources_of_the_same_side_stay_alleged():
    f = rule(easter(), make_incident(at=IN_TRUCE, claims=[("ua-gs", "allegation", "UA"),
                                                          ("wire", "allegation", "UA")]))
    assert f.verdict == "alleged"


def test_independent_second_source_corroborates():
    f = rule(easter(), make_incident(at=IN_TRUCE, claims=[("ua-gs", "allegation", "UA"),
                                                          ("wire", "allegation", None)]))
    assert f.verdict == "corroborated"


def test_monitor_observation_confirms():
    f = rule(easter(), make_incident(at=IN_TRUCE, claims=[("osce", "observation", None)]))
    assert f.verdict == "confirmed"
    assert any("OSCE SMM" in r for r in f.reasons)


def test_self_report_by_the_accused_confirms():
    f = rule(easter(), make_incident(at=IN_TRUCE, actor="RU",
                                     claims=[("ru-mod", "self_report", "RU")]))
    assert f.verdict == "confirmed"


def test_denial_is_shown_but_does_not_change_the_verdict():
    f = rule(easter(), make_incident(at=IN_TRUCE, actor="UA",
                                     claims=[("ru-mod", "allegation", "RU"),
                                             ("ua-gs", "denial", "UA")]))
    assert f.verdict == "alleged"
    assert any(r.startswith("Denied by UA") for r in f.reasons)
    assert {e.stance for e in f.evidence} == {"allegation", "denial"}


def test_finding_ids_are_stable_and_carry_provenance():
    inc = make_incident(at=IN_TRUCE)
    a, b = adjudicate([inc], [easter()]), adjudicate([inc], [easter()])
    assert a == b
    f = a[0]
    assert dict(f.policies)["boundary_rule"].startswith("windows are [start, end)")
    assert f.truceline_version


def test_explain_prints_every_test_and_the_evidence():
    f = rule(easter(), make_incident(at=IN_TRUCE, claims=[("ua-gs", "allegation", "UA")]))
    text = "\n".join(explain_lines(f))
    for name in ("window", "zone", "act", "party"):
        assert f"] {name}:" in text
    assert "UA General Staff" in text and "quote 0" in text and "Policies:" in text
