"""Similarity fusion: languages meet, blocking, hard links, order independence, increments."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from truceline.domain import Claim, Place, Source
from truceline.fusion import Decision, fuse, fuse_incremental
from truceline.fusion._blocking import candidate_pairs
from truceline.fusion._similarity import features

from .conftest import DAY, KAVKAZSKAYA, located


def test_an_english_and_a_ukrainian_report_of_one_event_meet():
    en = Claim(report_id="r-en", source_id="moscow-times", event_type="drone_strike",
               target_type="energy", when=DAY, place=KAVKAZSKAYA, actor="UA", alleged_by="RU",
               evidence="three fixed-wing UAVs attacked an energy facility in Kavkazskaya")
    uk = Claim(report_id="r-uk", source_id="nv-ua", event_type="attack_unspecified",
               target_type="energy", when=DAY,
               place=replace(KAVKAZSKAYA, name="Кавказька", as_written="Кавказькій"),
               evidence="атака на нафтобазу в станиці Кавказька")
    other = Claim(report_id="r-x", source_id="x", event_type="drone_strike", when=DAY,
                  place=Place(name="Sloviansk", lon=37.6, lat=48.85))
    incs = fuse([other, uk, en])
    assert sorted(len(i.claims) for i in incs) == [1, 2]
    both = next(i for i in incs if len(i.claims) == 2)
    assert both.event_type == "drone_strike" and both.actor == "UA"
    assert any(n.startswith("fusion {") and "time_range" in n for n in both.notes)


def test_far_apart_or_hours_apart_claims_stay_separate():
    a = located(1)
    far = located(2, lon=38.3)                 # ~37 km east
    later = located(3, hours=8)                # same place, 8 hours later (hour precision)
    near = located(4, lon=37.82, hours=0.5)    # 1.5 km away, within the hour
    incs = fuse([a, far, later, near])
    assert sorted(len(i.claims) for i in incs) == [1, 1, 2]


def test_claims_of_one_report_are_distinct_events_and_refs_always_bind():
    a = located(1, report="r", source="s")
    b = located(2, report="r", source="s", lon=37.83, event_type="drone_strike")
    assert len(fuse([a, b])) == 2
    far = located(3, lon=30.5, lat=50.4, incident_ref="E1")
    c = located(4, incident_ref="E1")
    incs = fuse([a, far, c])
    assert any({far.id, c.id} <= set(i.claim_ids) for i in incs)


def test_blocking_finds_every_pair_the_naive_scan_links():
    claims = [located(n, lon=37.8 + 0.01 * (n % 7), lat=48.0 + 0.01 * (n % 5),
                      hours=n % 4) for n in range(60)]
    feats = [features(c) for c in claims]
    pairs = set(candidate_pairs(feats))
    from truceline.fusion._similarity import LINK_THRESHOLD, similarity
    naive = {(i, j) for i in range(60) for j in range(i + 1, 60)
             if similarity(feats[i], feats[j]) >= LINK_THRESHOLD}
    assert naive and naive <= pairs


points = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(0, 5),
                            st.sampled_from(["artillery_shelling", "drone_strike",
                                             "attack_unspecified"])),
                  min_size=1, max_size=14)


def _claims(spec) -> list[Claim]:
    return [located(n, lon=37.8 + 0.03 * x, lat=48.0 + 0.02 * y, hours=2 * h, event_type=e,
                    report=f"r{n % 5}-{n}")
            for n, (x, y, h, e) in enumerate(spec)]


@settings(max_examples=60, deadline=None)
@given(points, st.randoms(use_true_random=False))
def test_fusion_is_idempotent_and_order_independent(spec, rnd):
    claims = _claims(spec)
    base = fuse(claims)
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert fuse(shuffled) == base
    assert fuse([c for i in base for c in i.claims]) == base
    assert sorted(c.id for i in base for c in i.claims) == sorted(c.id for c in claims)


@settings(max_examples=40, deadline=None)
@given(points)
def test_a_new_claim_joins_an_existing_incident_incrementally(spec):
    claims = _claims(spec)
    old = fuse(claims[:-1])
    inc = fuse_incremental(old, claims[-1:])
    assert sorted(c.id for i in inc for c in i.claims) == sorted(c.id for c in claims)
    full = fuse(claims)
    # Without conflicts the increment agrees with a full run on where the new claim went.
    new_id = claims[-1].id
    grp = next(set(i.claim_ids) for i in inc if new_id in i.claim_ids)
    full_grp = next(set(i.claim_ids) for i in full if new_id in i.claim_ids)
    assert grp <= full_grp or len(full) <= len(inc)


def test_analyst_split_and_merge_are_respected():
    a, b, far = located(1), located(2, lon=37.81), located(3, lon=30.5, lat=50.4)
    assert len(fuse([a, b, far])) == 2
    split = Decision(kind="split", claim_ids=(b.id,), other_ids=(a.id,), reason="two strikes",
                     at="2025-05-01T10:00:00+00:00")
    incs = fuse([a, b, far], decisions=[split])
    assert len(incs) == 3
    assert any(n.startswith("decision {") and "two strikes" in n for i in incs for n in i.notes)
    merge = Decision(kind="merge", claim_ids=(a.id, far.id), reason="same salvo",
                     at="2025-05-02T10:00:00+00:00")
    incs = fuse([a, b, far], decisions=[split, merge])
    assert any({a.id, far.id} <= set(i.claim_ids) for i in incs)
    assert not any({a.id, b.id} <= set(i.claim_ids) for i in incs)
    # A later merge of the split claims overrides the split.
    undo = Decision(kind="merge", claim_ids=(a.id, b.id), reason="one strike after all",
                    at="2025-05-03T10:00:00+00:00")
    incs = fuse([a, b, far], decisions=[undo, split])
    assert any({a.id, b.id} <= set(i.claim_ids) for i in incs)


def test_outlets_quoting_one_ministry_count_once():
    from truceline.adjudication._evidence import grade_evidence

    sources = {"mt": Source(id="mt", name="The Moscow Times", kind="independent_media",
                            grade="B"),
               "ng": Source(id="ng", name="Novaya Gazeta Europe", kind="independent_media",
                            grade="B"),
               "ru-mod": Source(id="ru-mod", name="Ministry of Defence of the Russian "
                                "Federation", kind="party_official", party="RU", grade="D")}
    common = dict(event_type="drone_strike", target_type="energy", when=DAY,
                  place=KAVKAZSKAYA, actor="UA", alleged_by="RU")
    claims = [
        Claim(report_id="r1", source_id="mt", evidence="“The Kyiv regime launched a deliberate"
              " attack,” the ministry said in a statement.", **common),
        Claim(report_id="r2", source_id="ng", evidence="According to the Defence Ministry, "
              "three Ukrainian drones attacked an oil storage facility.", **common),
        Claim(report_id="r3", source_id="ru-mod", evidence="Kyiv regime attacked", **common),
    ]
    (inc,) = fuse(claims, sources)
    ups = [n for n in inc.notes if n.startswith("upstream {")]
    assert len(ups) == 1 and '"RU:mod"' in ups[0]
    verdict, reasons = grade_evidence(inc)
    assert verdict == "alleged"
    assert any("counted once" in r for r in reasons)
