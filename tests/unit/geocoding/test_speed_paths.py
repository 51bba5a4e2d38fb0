"""The cheap paths: stated regions honoured without a candidate there, suffix rules before
the dictionaries, and the per-geocoder memo of resolutions."""

from __future__ import annotations

import pytest

from truceline.errors import GeocodingError
from truceline.geocoding import Gazetteer, GazetteerGeocoder, GeoContext
from truceline.geocoding._gazetteer import Entry
from truceline.geocoding._morph import rule_forms


def _small() -> Gazetteer:
    return Gazetteer([Entry(id="t:1", name="Zaria", lat=46.9, lon=30.2, country="UA",
                   admin1="Odesa Oblast", names=("Заря", "Зоря")),
             Entry(id="t:2", name="Kharkiv", lat=49.99, lon=36.23, country="UA",
                   admin1="Kharkiv Oblast", population=1_400_000, names=("Харків",)),
                      Entry(id="t:3", name="Kherson", lat=46.64, lon=32.61, country="UA",
                            admin1="Kherson Oblast", population=280_000, names=("Херсон",))])


def test_stated_region_without_candidate_gives_the_region() -> None:
    res = GazetteerGeocoder(_small()).resolve("Zaria", context=GeoContext(region="Kherson"))
    assert res.place is not None and res.place.precision == 3
    assert res.place.admin1 == "Kherson Oblast"
    assert "no candidate" in res.reason and res.place.alternatives
    assert "Odesa Oblast" in res.place.alternatives[0]


def test_rule_forms_cover_vowel_alternation() -> None:
    assert "харків" in rule_forms("Харкові")
    assert "київ" in rule_forms("Києві")
    assert rule_forms("Kharkiv") == ()


def test_inflected_name_found_by_suffix_rules() -> None:
    res = GazetteerGeocoder(_small()).resolve("Харкові")
    assert res.place is not None and res.place.name == "Kharkiv"


def test_memo_returns_the_same_resolution_and_raise_still_raises(
        geocoder: GazetteerGeocoder) -> None:
    a = geocoder.resolve("Купʼянськом")
    assert geocoder.resolve("Купʼянськом") is a
    with pytest.raises(GeocodingError):
        geocoder.resolve("Андріївка", policy="raise")
    with pytest.raises(GeocodingError):
        geocoder.resolve("Андріївка", policy="raise")
