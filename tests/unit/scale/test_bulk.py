"""The bulk (columnar) rulings agree exactly with ``adjudicate`` on varied incidents."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from shapely.geometry import Polygon
from tests.unit.adjudication.factories import PARTIES, easter, make_incident, moratorium, zoned

from truceline.adjudication import IncidentTable, adjudicate, adjudicate_table
from truceline.domain import Agreement, Clause, Window, Zone


def _acts() -> Agreement:
    tri = Polygon([(35.0, 47.0), (39.0, 47.0), (37.0, 50.0)])
    return Agreement(
        id="acts", title="Acts and zones", parties=PARTIES,
        windows=(Window(id="a", start=datetime(2025, 4, 1, tzinfo=UTC),
                        end=datetime(2025, 4, 10, tzinfo=UTC), tz="UTC"),
                 Window(id="b", start=datetime(2025, 4, 15, tzinfo=UTC), end=None, tz="UTC")),
        zones=(Zone(id="tri", kind="geojson", geometry=tri),),
        clauses=(Clause(id="drones", event_types=("drone_strike",), weapon_classes=("drone",),
                        parties=("RU",), zone="tri", windows=("a",)),
                 Clause(id="civil", target_types=("residential", "energy"), zone="tri"),
                 Clause(id="any", parties=("UA",))),
    )


def _incidents(n: int) -> list:
    rng = random.Random(7)
    base = datetime(2025, 3, 10, tzinfo=UTC)
    out = []
    for k in range(n):
        kind = rng.random()
        at = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 50))
        kw = {"at": at} if kind < 0.6 else {"day": (2025, rng.choice([3, 4]),
                                                     rng.randrange(1, 29))}
        if kind > 0.95:
            kw = {}
        inc = make_incident(
            **kw, tz=rng.choice(["Europe/Moscow", "Europe/Kyiv", None]),
            actor=rng.choice(["RU", "UA", None]),
            event_type=rng.choice(["drone_strike", "missile_strike", "artillery_shelling",
                                   "attack_unspecified"]),
            target=rng.choice(["energy", "residential", "military", "unspecified"]),
            lon=rng.uniform(29.5, 39.5), lat=rng.uniform(46.5, 50.5),
            precision=rng.choice([1, 1, 2, 3]),
            claims=rng.choice([None, [("ua-gs", "allegation", "UA"), ("wire", "allegation",
                                                                         None)],
                               [("osce", "observation", None)],
                               [("ru-mod", "self_report", "RU")]]))
        out.append(type(inc)(**{**inc.__dict__, "id": f"i-{k:04d}"}))
    return out


def test_bulk_verdicts_equal_adjudicate_on_four_hundred_incidents():
    incidents = _incidents(400)
    agreements = [easter(), moratorium(), zoned(), _acts()]
    expected = {(f.incident_id, f.agreement_id, f.clause_id): f.verdict
                for f in adjudicate(incidents, agreements)}
    table = adjudicate_table(IncidentTable.from_incidents(incidents), agreements)
    got = {(table.ids[r], a, c): table.verdict(r, j)
           for r in range(len(table.ids)) for j, (a, c) in enumerate(table.clauses)}
    assert got == expected
    # The sample exercises every verdict, so agreement is not trivial.
    assert set(expected.values()) == {"not_applicable", "possible", "alleged", "corroborated",
                                      "confirmed"}
    assert table.checks == 400 * 6


def test_bulk_verdicts_with_zone_grids_equal_plain_geos(monkeypatch):
    """Large enough for the zone grids; with grids switched off, the same codes."""
    import numpy as np

    from truceline.adjudication import _grid

    rng = np.random.default_rng(11)
    n = 30_000
    names = ["drone_strike", "missile_strike", "attack_unspecified", None]
    table = IncidentTable.from_columns(
        ids=[f"i{k}" for k in range(n)],
        start=rng.integers(1_740_000_000, 1_747_000_000, n) * 1_000_000,
        end=rng.integers(1_747_000_000, 1_748_000_000, n) * 1_000_000,
        lon=rng.uniform(34.0, 40.0, n), lat=rng.uniform(46.0, 51.0, n),
        precision=rng.choice([1, 1, 2, 3], n), event_type=[names[k % 4] for k in range(n)],
        target_type=["energy", "residential", "unspecified"] * (n // 3),
        weapon_class=["drone"] * n, actor=["RU", "UA", None] * (n // 3),
        grade=rng.choice([2, 3, 4], n))
    agreements = [easter(), moratorium(), zoned(), _acts()]
    got = adjudicate_table(table, agreements).codes
    assert _grid.zone_grid(_acts().zones[0].geometry, build=False) is not None
    monkeypatch.setattr(_grid, "zone_grid", lambda geometry, build=True: None)
    want = adjudicate_table(table, agreements).codes
    assert (got == want).all()
    assert set(np.unique(got)) == {0, 1, 2, 3, 4}
