"""The stage function over claims."""

from __future__ import annotations

from datetime import UTC, datetime

from truceline.domain import Claim, Place, TimeSpan
from truceline.geocoding import GazetteerGeocoder, geocode


def _claim(i: int, place: Place | None, report: str = "r" * 64) -> Claim:
    when = TimeSpan.instant(datetime(2025, 4, 20, 8, tzinfo=UTC))
    return Claim(report_id=report, source_id="s", event_type="shelling", place=place,
                 when=when, index=i)


def test_geocode_fills_places_and_keeps_inputs(geocoder: GazetteerGeocoder) -> None:
    claims = (
        _claim(0, Place(name="Купʼянськом", as_written="під Купʼянськом", precision=2)),
        _claim(1, Place(name="Андріївка")),
        _claim(2, None),
        _claim(3, Place(name="Дзержинськ", admin1="Донецька область")),
        _claim(4, Place(name="Kharkiv Oblast", precision=3)),
    )
    out = geocode(claims, geocoder)
    assert len(out) == 5 and claims[0].place.lon is None  # type: ignore[union-attr]
    kup = out[0].place
    assert kup is not None and kup.admin1 == "Kharkiv Oblast" and kup.precision == 2
    assert kup.as_written == "під Купʼянськом" and kup.gazetteer_id
    amb = out[1].place
    assert amb is not None and amb.lon is None and len(amb.alternatives) >= 10
    assert "ambiguous" in amb.note and "policy flag" in amb.note
    assert out[2].place is None
    tor = out[3].place
    assert tor is not None and tor.name == "Дзержинськ" and tor.admin1 == "Donetsk Oblast"
    assert "former name" in tor.note
    assert out[4].place is not None and out[4].place.precision == 3
    assert [c.id for c in out] == [c.id for c in claims]


def test_claims_of_one_report_are_each_others_context(geocoder: GazetteerGeocoder) -> None:
    claims = (_claim(0, Place(name="Золоте")), _claim(1, Place(name="Гірське")))
    out = geocode(claims, geocoder, policy="best")
    assert out[0].place is not None and out[0].place.admin1 == "Luhansk Oblast"


def test_geocode_best_policy_records_the_guess(geocoder: GazetteerGeocoder) -> None:
    out = geocode((_claim(0, Place(name="Андріївка")),), geocoder, policy="best")
    place = out[0].place
    assert place is not None and place.lon is not None and "policy best" in place.note
