"""The vectorised fusion path gives exactly what the previous implementation gave.

The fingerprints below (SHA-256 of every incident's full JSON, in order) were printed by
the per-claim implementation that preceded the bulk path (commit 9413e0d), run on the same
seeded synthetic claims; the current path must reproduce them bit for bit. A deliberate
change to fusion's results updates them, with the reason in the commit.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from truceline.domain import Claim, Place, Source, TimeSpan
from truceline.fusion import Decision, _build, fuse

# (incident count, fingerprint) from the previous implementation.
PREVIOUS = {
    (1, 0.3): (401, "ece972512613be52e6b204404c4d0269b23b0efc50c0d0cd4dd0404b974358fb"),
    (2, 0.0): (299, "2940d7760e524ee073700883cd4dcc72df493c3b1813f8c46ca53fc70defa521"),
    "decisions": (313, "278199dcc0cd45273b6b9f8f1f3871857f7aea7defc65eacafc5e447cd368931"),
    "workers": (268, "575c76716d797a7bc95880813755e83770bc1d70d3da1ffa527ccb09753f721d"),
}


def fingerprint(incidents) -> tuple[int, str]:
    body = json.dumps([i.to_dict() for i in incidents], sort_keys=True, ensure_ascii=False)
    return len(incidents), hashlib.sha256(body.encode()).hexdigest()

TYPES = ["artillery_shelling", "drone_strike", "missile_strike", "attack_unspecified",
         "ground_assault", "violation_unspecified"]
EVIDENCE = ["", "According to the Defence Ministry, drones attacked a depot.",
            "The ministry said the strike hit a school.",
            "за даними Генштабу, обстріляли село",
            "по данным Минобороны, сбиты беспилотники",
            "Reuters reported a strike on the town overnight, citing local officials.",
            "Reuters reported a strike on the town overnight, citing local official."]
SOURCES = {
    "mod-ru": Source(id="mod-ru", name="Russian Defence Ministry", kind="party_official",
                     party="RU", grade="C"),
    "ukrinform": Source(id="ukrinform", name="Ukrinform", kind="party_affiliated_media",
                        party="UA", grade="B"),
    "reuters": Source(id="reuters", name="Reuters", kind="international_media",
                      grade="A"),
    "osce": Source(id="osce", name="OSCE SMM", kind="monitor", grade="A"),
}


def _claims(n: int, seed: int, shared: float = 0.3) -> list[Claim]:
    """Varied claims; ``shared``: how often a claim shares its report with another."""
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    out: list[Claim] = []
    e = 0
    while len(out) < n:
        lon, lat = 37.0 + rnd.random() * 1.2, 47.5 + rnd.random() * 0.8
        t = start + timedelta(minutes=rnd.randrange(40 * 1440))
        etype = rnd.choice(TYPES)
        report = f"r{e}"
        for k in range(rnd.randint(1, 4)):
            prec = rnd.choices([1, 2, 3], [8, 2, 1])[0]
            mode = rnd.random()
            if mode < 0.4:
                when = TimeSpan.instant(t + timedelta(minutes=rnd.randrange(-90, 90)),
                                        precision=rnd.choice(["hour", "minute"]))
            elif mode < 0.8:
                when = TimeSpan.local_days(t.date(), tz=rnd.choice(["Europe/Kyiv", None]))
            elif mode < 0.95:
                d = t.date()
                when = TimeSpan.local_days(d, date.fromordinal(d.toordinal() + 2),
                                           tz="Europe/Kyiv")
            else:
                when = None
            place = None if rnd.random() < 0.03 else Place(
                name=rnd.choice([f"e{e}", f"Town{e % 7}", "Кавказька", ""]) or f"x{e}",
                lon=lon + rnd.gauss(0, 0.03), lat=lat + rnd.gauss(0, 0.02), precision=prec,
                admin1=rnd.choice([None, "Donetsk", "Zaporizhzhia", ""]),
                gazetteer_id=rnd.choice([None, None, f"g{e % 50}"]))
            out.append(Claim(
                report_id=report if rnd.random() < shared else f"{report}-{k}", index=k,
                source_id=rnd.choice([*SOURCES, "unknown-blog", "tg1"]),
                event_type=etype if rnd.random() < 0.7 else rnd.choice(TYPES),
                target_type=rnd.choice(["residential", "energy", "unspecified"]),
                weapon_class=rnd.choice([None, "unknown", "drone", "artillery", ""]),
                weapon=rnd.choice([None, "Shahed", "D-30"]), when=when, place=place,
                actor=rnd.choice([None, "RU", "UA", ""]),
                alleged_by=rnd.choice([None, "RU", "UA"]),
                stance=rnd.choice(["allegation", "allegation", "denial", "self_report",
                                   "observation"]),
                quantities=rnd.choice([(), (("killed", float(rnd.randint(0, 4))),),
                                       (("killed", 2.0), ("injured", 5.0))]),
                evidence=rnd.choice(EVIDENCE),
                incident_ref=f"ref{e % 400}" if rnd.random() < 0.02 else None,
                origin=rnd.choice([None, Place(name="Horlivka", lon=38.0, lat=48.3)])))
        e += 1
    return out


def _decisions(claims: list[Claim], cls: type) -> list:
    ids = [c.id for c in claims]
    return [cls(kind="merge", claim_ids=(ids[3], ids[900]), reason="same strike", at="1"),
            cls(kind="split", claim_ids=(ids[10],), other_ids=(ids[11], ids[12]),
                reason="different days", at="2"),
            cls(kind="merge", claim_ids=(ids[10], ids[11]), reason="analyst", at="3")]


@pytest.mark.parametrize(("seed", "shared"), [(1, 0.3), (2, 0.0)])
def test_new_fusion_equals_the_previous_implementation(seed, shared):
    claims = _claims(2500, seed, shared)  # shared=0: the fast linking path
    new = fuse(claims, SOURCES)
    assert any(len(i.claims) > 2 for i in new)
    assert fingerprint(new) == PREVIOUS[(seed, shared)]


def test_equal_with_decisions_and_without_a_registry():
    claims = _claims(1500, 3)
    new = fuse(claims, decisions=_decisions(claims, Decision))
    assert any(n.startswith("decision ") for i in new for n in i.notes)
    assert fingerprint(new) == PREVIOUS["decisions"]


def test_two_workers_give_the_same_incidents(monkeypatch):
    claims = _claims(1000, 4)
    monkeypatch.setattr(_build, "PARALLEL_MIN", 0)  # fork for building incidents too
    assert fingerprint(fuse(claims, SOURCES, workers=2)) == PREVIOUS["workers"]
    assert fingerprint(fuse(claims, SOURCES)) == PREVIOUS["workers"]
