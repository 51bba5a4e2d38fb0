"""Resolution with evidence: policies, context, renamings, precision, regions."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString

from truceline.errors import ConfigError, GeocodingError
from truceline.geocoding import GazetteerGeocoder, Geocoder, GeoContext, default_gazetteer


def test_geocoder_satisfies_protocol(geocoder: GazetteerGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)


def test_default_gazetteer_works_offline() -> None:
    coder = GazetteerGeocoder(default_gazetteer())
    res = coder.resolve("Купʼянськом")
    assert res.place is not None and res.place.admin1 == "Kharkiv Oblast"
    assert res.place.gazetteer_id == "geonames:690688" or res.place.gazetteer_id.startswith(
        "geonames:")
    stats = default_gazetteer().stats()
    assert stats["by_country"]["UA"] > 5000  # cities500 for focus countries


def test_policy_flag_returns_no_place_but_candidates(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Андріївка")
    assert res.place is None and res.ambiguous and res.policy == "flag"
    assert len(res.candidates) >= 10


def test_policy_best_takes_top_candidate_and_says_so(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Андріївка", policy="best")
    assert res.place is not None and res.ambiguous
    assert "policy best" in res.place.note and res.place.alternatives


def test_policy_raise(geocoder: GazetteerGeocoder) -> None:
    with pytest.raises(GeocodingError, match="ambiguous"):
        geocoder.resolve("Андріївка", policy="raise")


def test_unknown_policy_is_a_config_error(geocoder: GazetteerGeocoder) -> None:
    with pytest.raises(ConfigError, match="policy"):
        geocoder.resolve("Kyiv", policy="guess")  # type: ignore[arg-type]


def test_stated_region_picks_homonym(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Андріївка", context=GeoContext(region="Сумська область"))
    assert res.candidates
    if res.place is not None:
        assert res.place.admin1 == "Sumy Oblast"
    assert all(c.admin1 == "Sumy Oblast" for c in res.candidates)
    assert "stated region Sumy Oblast" in res.reason


def test_nearby_places_settle_homonym(geocoder: GazetteerGeocoder) -> None:
    # Zolote in Luhansk Oblast lies by Hirske and Popasna, not by Rivne.
    res = geocoder.resolve("Золоте", context=GeoContext(nearby=("Гірське",)))
    assert res.place is not None and res.place.admin1 == "Luhansk Oblast"
    assert "same report" in res.reason or "populous" in res.reason


def test_contact_line_settles_homonym(geocoder: GazetteerGeocoder) -> None:
    ambiguous = geocoder.resolve("Новоданилівка", context=GeoContext(region="Zaporizhzhia Oblast"))
    assert ambiguous.ambiguous and len(ambiguous.candidates) == 2
    target = ambiguous.candidates[0]
    line = LineString([(target.lon - 0.05, target.lat + 0.02), (target.lon + 0.05,
                                                                 target.lat + 0.03)])
    res = geocoder.resolve("Новоданилівка", context=GeoContext(
        region="Zaporizhzhia Oblast", frontline=line))
    assert res.place is not None and res.place.gazetteer_id == target.gazetteer_id
    assert "contact line" in res.reason and res.place.alternatives


def test_renamed_place_resolves_to_today(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("в районе населенного пункта Дзержинск Донецкой Народной Республики")
    assert res.place is not None and res.place.name == "Toretsk"
    assert res.place.precision == 2


def test_region_without_boundaries_uses_admin_centre() -> None:
    res = GazetteerGeocoder(default_gazetteer()).resolve("Курська область")
    assert res.place is not None and res.place.precision == 3
    assert res.place.admin1 == "Kursk Oblast" and "admin centre" in res.reason


def test_region_with_boundaries_is_an_area(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Харківська область")
    assert res.place is not None and res.place.precision == 3
    assert "boundary area" in res.reason


def test_district_from_boundaries(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Pokrovsk Raion", context=GeoContext(region="Donetsk Oblast"))
    assert res.place is not None and res.place.precision == 2
    assert res.place.admin1 == "Donetsk Oblast"


def test_unknown_and_empty_names(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.resolve("").place is None
    res = geocoder.resolve("Qwxzvbnm")
    assert res.place is None and "no gazetteer entry" in res.reason


def test_fuzzy_fallback_for_a_typo(geocoder: GazetteerGeocoder) -> None:
    res = geocoder.resolve("Kramatorskk")
    assert res.place is not None and res.place.name == "Kramatorsk"


def test_resolve_all_splits_a_list(geocoder: GazetteerGeocoder) -> None:
    out = geocoder.resolve_all("near Ukraine's cities of Mariupol and Volnovakha")
    assert [r.place.name for r in out if r.place] == ["Mariupol", "Volnovakha"]
    assert all(r.place.precision == 2 for r in out if r.place)


def test_resolution_to_dict(geocoder: GazetteerGeocoder) -> None:
    d = geocoder.resolve("Kupiansk").to_dict()
    assert d["place"]["admin1"] == "Kharkiv Oblast" and d["policy"] == "flag"  # type: ignore[index]
