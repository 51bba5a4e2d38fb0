"""Credibility grades 1–6: rules, disputes, reasons, and monotonicity in corroboration."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from truceline.domain import Claim, Place, Source, TimeSpan
from truceline.fusion import fuse
from truceline.grading import credibility, grade, grade_reasons

DAY = TimeSpan.local_days(date(2025, 9, 9), tz="Europe/Kyiv")
YAROVA = Place(name="Yarova", lon=37.2, lat=49.2, admin1="Donetsk Oblast")
SOURCES = {
    "ua-gs": Source(id="ua-gs", name="General Staff of Ukraine", kind="party_official",
                    party="UA", grade="C"),
    "ru-mod": Source(id="ru-mod", name="Ministry of Defence of the Russian Federation",
                     kind="party_official", party="RU", grade="D"),
    "osce": Source(id="osce", name="OSCE SMM", kind="monitor", grade="A"),
    "reuters": Source(id="reuters", name="Reuters", kind="international_media", grade="A"),
    "blog": Source(id="blog", name="A blog", kind="social", grade="E"),
}


def claim(n: int, source: str, stance: str = "allegation", alleged_by: str | None = None,
          actor: str = "RU") -> Claim:
    return Claim(report_id=f"r{n}", source_id=source, event_type="air_strike",
                 target_type="civilian_other", when=DAY, place=YAROVA, actor=actor,
                 alleged_by=alleged_by, stance=stance, evidence=f"report {n}")  # type: ignore[arg-type]


def one(claims) -> object:
    (inc,) = grade(fuse(claims, SOURCES), SOURCES)
    return inc


def test_one_sides_word_is_doubtful_and_a_denial_makes_it_disputed():
    inc = one([claim(1, "ua-gs")])
    assert inc.credibility == 4 and not inc.disputed
    inc = one([claim(1, "ua-gs"), claim(2, "ru-mod", stance="denial")])
    assert inc.credibility == 4 and inc.disputed
    assert any("Disputed: denied by RU" in r for r in grade_reasons(inc))


def test_monitor_observation_and_self_report_confirm():
    assert one([claim(1, "ua-gs"), claim(2, "osce", stance="observation")]).credibility == 1
    assert one([claim(1, "ru-mod", stance="self_report")]).credibility == 1


def test_neutral_corroboration_and_unreliable_sources():
    assert one([claim(1, "ua-gs"), claim(2, "reuters")]).credibility == 2
    assert one([claim(1, "reuters")]).credibility == 3
    assert one([claim(1, "blog")]).credibility == 5
    inc = one([claim(1, "unregistered")])
    assert inc.credibility == 6
    assert any("Unregistered source" in r for r in grade_reasons(inc))


def test_every_grade_is_explained_and_grading_is_idempotent():
    inc = one([claim(1, "ua-gs"), claim(2, "reuters")])
    reasons = credibility(inc, SOURCES).reasons
    assert reasons[0].startswith("2 independent group") and any(
        r.startswith("Grade 2 (probably true)") for r in reasons)
    assert grade([inc], SOURCES) == (inc,)


corroborator = st.tuples(st.sampled_from([*sorted(SOURCES), "new-outlet"]),
                         st.sampled_from(["allegation", "observation"]))


@settings(max_examples=80, deadline=None)
@given(st.lists(corroborator, min_size=1, max_size=4), corroborator,
       st.booleans())
def test_adding_an_independent_corroborating_report_never_lowers_the_grade(base, extra,
                                                                           denied):
    claims = [claim(n, src, stance=stance)
              for n, (src, stance) in enumerate(base)]
    if denied:
        claims.append(claim(50, "ru-mod", stance="denial"))
    before = one(claims).credibility
    src, stance = extra
    after = one([*claims, claim(99, src, stance=stance)]).credibility
    assert after <= before
