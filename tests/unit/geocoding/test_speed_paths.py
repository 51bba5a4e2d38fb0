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
    # к/ц, г/з, х/с before the locative -і: Андріївці → Андріївка
    assert "андріївка" in rule_forms("Андріївці")
    assert "петропавловка" in rule_forms("Петропавловці")


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


def _homonyms() -> Gazetteer:
    return Gazetteer([Entry(id=f"h:{i}", name="Novoselivka", lat=47.0 + i, lon=33.0 + i,
                            country="UA", admin1=region, names=("Новоселівка",))
                      for i, region in enumerate(("Donetsk Oblast", "Kharkiv Oblast"))])


def test_spellings_sharing_a_key_share_the_choice_but_keep_their_spelling() -> None:
    coder = GazetteerGeocoder(_homonyms())
    latin, cyrillic = coder.resolve("Novoselivka"), coder.resolve("Новоселівка")
    assert len(coder._choices) == 1  # one choice for both spellings
    assert latin.ambiguous and cyrillic.ambiguous
    assert [c.as_written for c in latin.candidates] == ["Novoselivka"] * 2
    assert [c.as_written for c in cyrillic.candidates] == ["Новоселівка"] * 2
    assert [c.gazetteer_id for c in latin.candidates] == ["h:0", "h:1"]
    stated = coder.resolve("Новоселівка", context=GeoContext(region="Kharkiv Oblast"))
    assert stated.place is not None and stated.place.gazetteer_id == "h:1"
    assert stated.place.as_written == "Новоселівка" and len(coder._choices) == 2


def test_lazy_candidates_equal_eager_ones_and_the_resolution_is_frozen() -> None:
    from dataclasses import FrozenInstanceError

    from truceline.geocoding import Resolution

    lazy = GazetteerGeocoder(_homonyms()).resolve("Novoselivka")
    eager = Resolution(place=None, candidates=tuple(lazy.candidates), ambiguous=True,
                       reason=lazy.reason, policy="flag")
    fresh = GazetteerGeocoder(_homonyms()).resolve("Novoselivka")
    assert fresh == eager and hash(fresh) == hash(eager)
    assert fresh.to_dict() == eager.to_dict() and "candidates=(Place(" in repr(fresh)
    with pytest.raises(FrozenInstanceError):
        fresh.reason = "changed"  # type: ignore[misc]


def test_city_dash_district_is_read_as_the_city() -> None:
    """ACLED writes city districts as "Kyiv - Shevchenkivskyi": the city's place, said so,
    instead of a slow fuzzy search that finds nothing."""
    from truceline.geocoding import GazetteerGeocoder

    coder = GazetteerGeocoder()
    res = coder.resolve("Kharkiv - Kyivskyi")
    assert res.place is not None and res.place.name == "Kharkiv"
    assert res.place.as_written == "Kharkiv - Kyivskyi"
    assert "read as a part of Kharkiv" in res.reason
    assert coder.resolve("Kharkiv").place.lat == res.place.lat  # type: ignore[union-attr]
    assert coder.resolve("Nowhere-at-all - Kyivskyi").place is None
